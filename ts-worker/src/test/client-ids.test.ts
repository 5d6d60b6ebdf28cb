// The id and upload rules every client shares: same source, same id and same media:// key.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ClientError } from "../client/errors";
import { defaultWorkflowId, upload, uploadName } from "../client/ids";
import { tempDir } from "./helpers/fixtures";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

describe("workflow id", () => {
  it("is media- and the first 20 hex of the URL's sha256", () => {
    for (const url of ["http://example.com/a.mp4", "media://uploads/0123456789abcdef/clip.mp4", "https://h/vidéo 😀.mp4"]) {
      const id = defaultWorkflowId(url);
      assert.equal(id, `media-${sha256(Buffer.from(url, "utf8")).slice(0, 20)}`);
      assert.match(id, /^media-[0-9a-f]{20}$/);
    }
  });

  it("matches the Python client (cross-language fixture)", () => {
    // .venv/bin/python -c "from media_pipeline.client.ids import default_workflow_id as d;
    //   print(d('http://127.0.0.1:8000/clip.mp4'))"
    assert.equal(defaultWorkflowId("http://127.0.0.1:8000/clip.mp4"), "media-e3e37bcba865ece817a6");
  });
});

describe("upload", () => {
  const dir = tempDir("client-upload");
  after(() => dir.remove());

  it("sanitises file names as the Python client does", () => {
    // From Python: re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip("._-") or "video"
    const expected: Record<string, string> = {
      "My Clip (final).mp4": "My_Clip__final_.mp4",
      ".hidden.mp4": "hidden.mp4",
      "__-x.mp4": "x.mp4",
      "...": "video",
      "-": "video",
      "vidéo.mp4": "vid_o.mp4",
      "😀.mp4": "mp4",
      "a b😀c.mov": "a_b_c.mov",
      "clip.MP4": "clip.MP4",
      日本語: "video",
      "_a-b.c_": "a-b.c_",
    };
    for (const [name, want] of Object.entries(expected)) assert.equal(uploadName(name), want, name);
  });

  it("copies a file once, content-addressed, and gives the same URI every time", async () => {
    const source = join(dir.path, "src", "My Clip (final).mp4");
    mkdirSync(join(dir.path, "src"));
    writeFileSync(source, "not really a video\n");
    const root = join(dir.path, "media", "nested");

    const uri = await upload(root, source);
    // The Python client gives this URI for the same bytes and name (cross-language fixture).
    assert.equal(uri, "media://uploads/7614d68377e98175/My_Clip__final_.mp4");
    assert.equal(sha256(readFileSync(source)).slice(0, 16), "7614d68377e98175");
    const folder = join(root, "uploads", "7614d68377e98175");
    const copy = join(folder, "My_Clip__final_.mp4");
    assert.equal(readFileSync(copy, "utf8"), "not really a video\n");
    const first = statSync(copy);

    assert.equal(await upload(root, source), uri);
    assert.deepEqual(readdirSync(folder), ["My_Clip__final_.mp4"], "one copy, no temp files left");
    assert.equal(statSync(copy).mtimeMs, first.mtimeMs, "an existing copy is not rewritten");
  });

  it("keys by content: another name is another key in the same folder", async () => {
    const other = join(dir.path, "src", "#1 ~copy~.mp4");
    writeFileSync(other, "not really a video\n");
    assert.equal(await upload(join(dir.path, "media", "nested"), other), "media://uploads/7614d68377e98175/1__copy_.mp4");
  });

  it("refuses to write outside the media store through a symlink", async () => {
    const root = join(dir.path, "media2");
    const outside = join(dir.path, "outside");
    mkdirSync(root);
    mkdirSync(outside);
    symlinkSync(outside, join(root, "uploads"));
    const source = join(dir.path, "src", "x.mp4");
    writeFileSync(source, "x");
    await assert.rejects(upload(root, source), (err) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.type, "IntegrityError");
      assert.match(err.message, /^media:\/\/uploads\/[0-9a-f]{16}\/x\.mp4 escapes the media store$/);
      return true;
    });
    assert.deepEqual(readdirSync(outside), []);
  });
});
