// Server-rendered pages with Eta: `<%= %>` escapes every value (autoEscape is Eta's default and
// is set here explicitly), so a URL, title or on-screen string holding markup renders as text.
import { Eta } from "eta";

export class Views {
  private readonly eta: Eta;

  constructor(dir: string) {
    this.eta = new Eta({ views: dir, autoEscape: true, autoTrim: false, cache: true });
  }

  render(name: string, data: Record<string, unknown>): string {
    return this.eta.render(name, data);
  }
}
