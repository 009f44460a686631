/**
 * Headless Chromium for the tests: Debian's `/usr/bin/chromium` driven by
 * playwright-core (no browser download), with a fresh profile and no
 * background networking, plus the checks the tests make on a page's charts.
 *
 * @module
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM } from "../../tools/setup.ts";

export { CHROMIUM };

/** A running browser; `close()` ends it and removes its profile. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for that is not `data:`, `blob:`, `file:` or `about:`. */
  remoteRequests: string[];
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh `--user-data-dir` and opens one page. */
export async function launch(): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "chromium_profile_" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const remoteRequests: string[] = [];
  context.on("request", (request) => {
    const url = request.url();
    if (!/^(data|blob|file|about):/.test(url)) remoteRequests.push(url);
  });
  return {
    context,
    page,
    remoteRequests,
    async close() {
      await context.close().catch(() => {});
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

/** What {@linkcode inspectImages} found for one `<img>`. */
export interface ImageReport {
  /** The start of its `src`. */
  src: string;
  naturalWidth: number;
  naturalHeight: number;
  /** Its size on the page, in CSS pixels. */
  width: number;
  height: number;
  /** Pixels that are not fully transparent and not white, when drawn at natural size. */
  inkPixels: number;
  /** Its `alt` text; `null` when it has none. */
  alt: string | null;
}

/**
 * Loads every `<img>` matching `selector` on the page (waiting for each to
 * decode) and measures it: natural and shown size, and how many pixels it
 * paints. A broken image (an SVG without xmlns, say) has naturalWidth 0.
 */
export async function inspectImages(page: Page, selector: string): Promise<ImageReport[]> {
  return await page.evaluate(async (selector: string) => {
    // This function runs in the page, where the DOM exists; Deno's types have none.
    // deno-lint-ignore no-explicit-any
    const document = (globalThis as any).document;
    // deno-lint-ignore no-explicit-any
    const images: any[] = [...document.querySelectorAll(selector)];
    const reports = [];
    for (const img of images) {
      img.scrollIntoView();
      await img.decode().catch(() => {});
      let inkPixels = 0;
      if (img.naturalWidth > 0 && img.naturalHeight > 0) {
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext("2d")!;
        context.drawImage(img, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < pixels.length; i += 4) {
          const white = pixels[i] > 245 && pixels[i + 1] > 245 && pixels[i + 2] > 245;
          if (pixels[i + 3] > 0 && !white) inkPixels++;
        }
      }
      const box = img.getBoundingClientRect();
      reports.push({
        src: img.src.slice(0, 40),
        naturalWidth: img.naturalWidth,
        naturalHeight: img.naturalHeight,
        width: box.width,
        height: box.height,
        inkPixels,
        alt: img.getAttribute("alt"),
      });
    }
    return reports;
  }, selector);
}

/**
 * Shows each SVG as JupyterLab does, in an `<img>` with a `data:` URL, on a
 * blank page, and measures each with {@linkcode inspectImages}.
 */
export async function inspectSvgsAsImages(page: Page, svgs: string[]): Promise<ImageReport[]> {
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.evaluate((svgs: string[]) => {
    // deno-lint-ignore no-explicit-any
    const document = (globalThis as any).document;
    for (const svg of svgs) {
      const img = document.createElement("img");
      img.className = "svg-output";
      img.src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
      document.body.append(img);
    }
  }, svgs);
  return await inspectImages(page, "img.svg-output");
}
