// Server-rendered pages with Eta: `<%= %>` escapes every value (autoEscape is Eta's default and
// is set here explicitly), so a URL, title or on-screen string holding markup renders as text.
// The stylesheet is inlined in every page (layout.eta): a page paints from its own bytes, with
// no render-blocking request; the CSP allows exactly that <style> by its hash (styleHash).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Eta } from "eta";

export class Views {
  private readonly eta: Eta;
  private readonly styles: string;

  constructor(dir: string, stylesheet: string) {
    this.eta = new Eta({ views: dir, autoEscape: true, autoTrim: false, cache: true });
    this.styles = readFileSync(stylesheet, "utf8");
  }

  /** The CSP source that allows the inlined stylesheet and nothing else inline. */
  get styleHash(): string {
    return `'sha256-${createHash("sha256").update(this.styles, "utf8").digest("base64")}'`;
  }

  render(name: string, data: Record<string, unknown>): string {
    return this.eta.render(name, { ...data, styles: this.styles });
  }
}
