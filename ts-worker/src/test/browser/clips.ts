// Test clips made with ffmpeg and served on loopback under any path the test chooses (a path
// may hold markup: the XSS case), the way a video host would serve them.
import { execFile } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { promisify } from "node:util";

const run = promisify(execFile);
const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

/** `seconds` of a moving test pattern (640x360) with a caption in a box, and a tone. */
export async function makeClip(path: string, seconds: number, caption: string): Promise<string> {
  const video =
    `testsrc2=size=640x360:rate=25:duration=${seconds},` +
    `drawbox=x=100:y=130:w=440:h=100:color=black:t=fill,` +
    `drawtext=fontfile=${FONT}:text='${caption}':fontsize=56:fontcolor=white:x=(w-tw)/2:y=150`;
  await run(
    "ffmpeg",
    ["-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", video, "-f", "lavfi", "-t", String(seconds),
     "-i", "sine=frequency=440", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path],
    // A bound, not a speed target: a loaded machine encodes slowly.
    { timeout: 600_000 },
  );
  return path;
}

export interface ClipServer {
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves `files` (URL path, already percent-encoded, → file) on 127.0.0.1. */
export async function serveClips(files: Record<string, string>): Promise<ClipServer> {
  const server: Server = createServer((req, res) => {
    const file = files[(req.url ?? "").split("?")[0] ?? ""];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
