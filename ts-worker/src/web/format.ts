// Small helpers the templates call: numbers and dates for people, links that keep a page's
// search and sort. They return plain strings; the templates escape them.
import { ORDERS, type Order } from "../catalog/sql";
import type { CatalogPage, Thumbnail } from "../contracts/gen/types";
import { DEFAULT_LIMIT } from "./catalog-view";

const SORT_LABELS: Record<Order, string> = {
  newest: "newest",
  oldest: "oldest",
  longest: "longest",
  shortest: "shortest",
  url: "by URL",
};

export const formats = {
  sorts: (Object.keys(ORDERS) as Order[]).map((o) => [o, SORT_LABELS[o]] as const),

  /** 75.5 → "1:15.5"; 3725 → "1:02:05.0". */
  duration(seconds: number): string {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = (seconds % 60).toFixed(1).padStart(4, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  },

  /** An ISO timestamp as "2026-12-01 10:05 UTC". */
  date(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  },

  pageHref(page: CatalogPage, offset: number, sort: string): string {
    const params = new URLSearchParams();
    if (page.query !== undefined) params.set("q", page.query);
    if (sort !== "newest") params.set("sort", sort);
    if (offset > 0) params.set("offset", String(offset));
    if (page.limit !== DEFAULT_LIMIT) params.set("limit", String(page.limit));
    const qs = params.toString();
    return qs === "" ? "/" : `/?${qs}`;
  },

  /** The widest poster (the player's poster image). */
  largest(thumbnails: Thumbnail[]): Thumbnail {
    return thumbnails.reduce((a, b) => (b.width > a.width ? b : a));
  },
};
