import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Browser, Page, chromium } from "playwright-core";
import { browserDecision, chromiumPath, executable } from "./support/browser";
import { REVIEW_FIXTURES, runReview } from "./support/review";
import { tempDir } from "./support/temp";

// CHROMIUM_PATH points at another build (a Chromium the package manager put elsewhere).
const CHROMIUM = chromiumPath(process.env);
// A temporary file, unless SGP_SCREENSHOT names where to keep it (docs/review-report.png, after a visible change).
const SCREENSHOT = process.env.SGP_SCREENSHOT ? path.resolve(process.env.SGP_SCREENSHOT) : path.join(tempDir("sgp-browser-"), "review-report.png");

/** What a page did besides rendering: dialogs it opened and every request other than the page itself. */
interface Watched {
    readonly page: Page;
    readonly dialogs: string[];
    readonly requests: string[];
}

async function open(browser: Browser, file: string): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = pathToFileURL(file).href;
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on("dialog", (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
    });
    page.on("request", (request) => {
        if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, dialogs, requests };
}

/** The computed background of the first element matching `selector` (the script is a string: the tests compile without DOM types). */
function backgroundOf(page: Page, selector: string): Promise<string> {
    return page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`) as Promise<string>;
}

/** One computed style property of the first element matching `selector`. */
function styleOf(page: Page, selector: string, property: string): Promise<string> {
    return page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}))[${JSON.stringify(property)}]`) as Promise<string>;
}

/** Whether the first element matching `selector` lies within the window, as scrolled now. */
function inViewport(page: Page, selector: string): Promise<boolean> {
    return page.evaluate(
        `(() => { const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; })()`,
    ) as Promise<boolean>;
}

describe("whether the browser test runs", () => {
    const fix = "install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable";

    it("runs when Chromium is there, in CI or not", () => {
        assert.deepEqual(browserDecision("/usr/bin/chromium", true, { CI: "true" }), { kind: "run" });
        assert.deepEqual(browserDecision("/usr/bin/chromium", true, {}), { kind: "run" });
    });

    it("is skipped, saying how to install Chromium, when it is absent outside CI", () => {
        for (const env of [{}, { CI: "" }, { CI: "false" }, { CI: "0" }]) {
            assert.deepEqual(
                browserDecision("/usr/bin/chromium", false, env),
                { kind: "skip", message: `the browser test is skipped: no Chromium at /usr/bin/chromium; ${fix}` },
                JSON.stringify(env),
            );
        }
    });

    it("fails, never skips, when Chromium is absent under CI", () => {
        for (const env of [{ CI: "true" }, { CI: "1" }, { CI: "TRUE" }]) {
            assert.deepEqual(
                browserDecision("/opt/chromium/chrome", false, env),
                { kind: "fail", message: `no Chromium at /opt/chromium/chrome, and CI is set: the browser test must run in CI; ${fix}` },
                JSON.stringify(env),
            );
        }
    });

    it("looks at CHROMIUM_PATH, else /usr/bin/chromium, and counts only an executable file as there", () => {
        assert.deepEqual(
            [chromiumPath({ CHROMIUM_PATH: "/opt/chromium/chrome" }), chromiumPath({ CHROMIUM_PATH: "" }), chromiumPath({})],
            ["/opt/chromium/chrome", "/usr/bin/chromium", "/usr/bin/chromium"],
        );
        const dir = tempDir("sgp-browser-decision-");
        const script = path.join(dir, "chromium");
        const plain = path.join(dir, "plain");
        fs.writeFileSync(script, "#!/bin/sh\n", { mode: 0o755 });
        fs.writeFileSync(plain, "not a program", { mode: 0o644 });
        assert.deepEqual([executable(script), executable(plain), executable(dir), executable(path.join(dir, "missing"))], [true, false, false, false]);
    });
});

describe("the review report in headless Chromium", function () {
    this.timeout(60_000);
    let browser: Browser;

    before(async function () {
        // Without Chromium a developer's run skips this suite and says so; under CI it fails.
        const decision = browserDecision(CHROMIUM, executable(CHROMIUM), process.env);
        if (decision.kind === "fail") throw new Error(decision.message);
        if (decision.kind === "skip") {
            console.log(`    ${decision.message}`);
            this.skip();
        }
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
    });

    after(async () => {
        await browser?.close();
    });

    it("renders the diagram and the marked overrides, runs nothing, fetches nothing", async () => {
        const run = runReview(`${REVIEW_FIXTURES}/overrides.yaml`);
        assert.equal(run.code, 0, run.stderr);
        const { page, dialogs, requests } = await open(browser, path.join(run.reportsDir, "acme-prod-p01-eu-west-1-payments-sg-review.html"));

        const svg = page.locator('[data-testid="topology-diagram"] > svg');
        const svgBox = await svg.boundingBox();
        assert.ok(svgBox && svgBox.width > 200 && svgBox.height > 200, `diagram size ${JSON.stringify(svgBox)}`);
        for (const node of ["internet", "tier:web", "tier:app", "tier:db", "prefix-list:pl-0123456789abcdef0"]) {
            const box = await svg.locator(`[data-node="${node}"]`).boundingBox();
            assert.ok(box && box.width > 0 && box.height > 0, `node ${node} is drawn`);
        }
        assert.deepEqual(await svg.locator('[data-node^="tier:"] text:first-of-type').allTextContents(), ["web", "app", "db"]);
        assert.equal(await svg.locator("g.edge.override").count(), 6);

        const rows = page.locator('tr[data-testid="override-row"]');
        assert.deepEqual(await rows.locator(".badge.override").allTextContents(), Array(9).fill("override"));
        assert.deepEqual(await rows.locator(".override-path").allTextContents(), [
            "overrides.tiers.web.egress[0]",
            "overrides.ports.app",
            "overrides.tiers.app.ingress[0]",
            "overrides.ports.app",
            "overrides.tiers.app.egress[0]",
            "overrides.tiers.app.egress[1]",
            "overrides.ports.db",
            "overrides.tiers.db.ingress[0]",
            "overrides.ports.db",
        ]);
        for (const row of await rows.all()) assert.ok(await row.isVisible());
        // An override alone is a dashed blue edge and a tag, not a colour: amber now means a warning.
        assert.equal(await backgroundOf(page, "table.rules tr.override:not(.warning) td"), await backgroundOf(page, "table.rules tbody tr:not(.override) td"));
        assert.equal(await styleOf(page, "table.rules tr.override:not(.warning) td:last-child", "borderRight"), "4px dashed rgb(31, 95, 191)");
        assert.equal(await styleOf(page, "table.rules tr.override:not(.warning) td:first-child", "borderLeftStyle"), "none");
        assert.equal(await backgroundOf(page, "table.rules tr.warning td"), "rgb(255, 244, 204)");

        assert.deepEqual(dialogs, []);
        assert.deepEqual(requests, []);
        await page.close();
    });

    it("opens with the verdict banner, paints the blocking rule and its edge red, links the banner to the row, and is saved as a screenshot", async () => {
        const run = runReview(`${REVIEW_FIXTURES}/blocking.yaml`);
        assert.equal(run.code, 1, "SG100 is an error; the report is still written");
        const { page, dialogs, requests } = await open(browser, path.join(run.reportsDir, "acme-prod-p02-eu-west-1-shop-sg-review.html"));

        assert.equal(await page.evaluate(`document.querySelector("h1").nextElementSibling.dataset.testid`), "verdict-banner", "the banner is the first thing under the heading");
        const banner = page.locator('[data-testid="verdict-banner"]');
        assert.ok(await banner.isVisible());
        const bannerBox = await banner.boundingBox();
        assert.ok(bannerBox && bannerBox.y + bannerBox.height < 900, `the banner is on the first screen: ${JSON.stringify(bannerBox)}`);
        assert.equal(await styleOf(page, '[data-testid="verdict-banner"]', "borderLeftColor"), "rgb(179, 38, 30)");
        assert.deepEqual(await banner.locator("li a").allTextContents(), ["SG100 web tier: ingress tcp 3306 from 0.0.0.0/0", "SG110 web tier: ingress tcp 22 from 0.0.0.0/0"]);

        assert.equal(await backgroundOf(page, "tr#rule-web-4 td"), "rgb(253, 232, 230)", "the blocking row is red");
        assert.equal(await styleOf(page, "tr#rule-web-4 td", "borderLeftColor"), "rgb(179, 38, 30)");
        assert.equal(await backgroundOf(page, "tr#rule-web-1 td"), "rgb(255, 244, 204)", "the warning row is amber");
        assert.equal(await backgroundOf(page, "tr#rule-web-7 td"), await backgroundOf(page, "tr#rule-web-2 td"), "the harmless override is not coloured");
        // A row that is both flagged and an override shows both, each in properties of its own.
        assert.deepEqual(
            [
                await styleOf(page, "tr#rule-web-4.blocking.override td:first-child", "borderLeft"),
                await backgroundOf(page, "tr#rule-web-4 td:last-child"),
                await styleOf(page, "tr#rule-web-4 td:last-child", "borderRight"),
            ],
            ["4px solid rgb(179, 38, 30)", "rgb(253, 232, 230)", "4px dashed rgb(31, 95, 191)"],
        );
        assert.deepEqual(
            [await styleOf(page, "tr#rule-web-1.warning.override td:first-child", "borderLeft"), await styleOf(page, "tr#rule-web-1 td:last-child", "borderRight")],
            ["4px solid rgb(217, 154, 0)", "4px dashed rgb(31, 95, 191)"],
        );
        assert.equal(await styleOf(page, "tr#rule-web-2 td:last-child", "borderRightStyle"), "none", "a scenario row has no override edge");
        assert.deepEqual(await page.locator("tr#rule-web-4 td.status").innerText(), "blocking SG100");

        const blocking = page.locator('[data-testid="topology-diagram"] g.edge.blocking');
        assert.equal(await blocking.count(), 1);
        assert.equal(await blocking.locator("text").textContent(), "tcp 3306");
        assert.equal(await styleOf(page, '[data-testid="topology-diagram"] g.edge.blocking path', "stroke"), "rgb(179, 38, 30)");
        assert.equal(await styleOf(page, '[data-testid="topology-diagram"] g.edge:not(.blocking):not(.warning):not(.override) path', "stroke"), "rgb(91, 100, 117)");
        const edgeBox = await blocking.boundingBox();
        assert.ok(edgeBox && edgeBox.width > 0 && edgeBox.height > 0, "the blocking edge is drawn");

        const row = page.locator("tr#rule-web-4");
        assert.equal(await inViewport(page, "tr#rule-web-4"), false, "the row starts below the first screen");
        await banner.locator('a[href="#rule-web-4"]').click();
        assert.equal(await page.evaluate("location.hash"), "#rule-web-4");
        assert.equal(await page.evaluate(`document.querySelector(":target").id`), "rule-web-4");
        assert.equal(await inViewport(page, "tr#rule-web-4"), true, "the link scrolled the row into view");
        assert.ok(await row.isVisible());

        assert.deepEqual(dialogs, []);
        assert.deepEqual(requests, []);

        assert.equal(await styleOf(page, "tr#rule-web-4", "outlineColor"), "rgb(31, 95, 191)", "the row the link leads to is outlined");

        // The picture shows the page as it opens, without a row targeted.
        await page.goto(pathToFileURL(path.join(run.reportsDir, "acme-prod-p02-eu-west-1-shop-sg-review.html")).href, { waitUntil: "load" });
        fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        // docs/review-report.png (the README's picture) is refreshed by hand from this file, so the test
        // never rewrites a tracked file.
        assert.ok(fs.statSync(SCREENSHOT).size > 10_000);
        await page.close();
    });

    it("shows markup from the config as text: no element made of it, no dialog", async () => {
        const run = runReview(`${REVIEW_FIXTURES}/escaping.yaml`);
        assert.equal(run.code, 1, "an aws: tag key is an error; the report is still written");
        const { page, dialogs, requests } = await open(browser, path.join(run.reportsDir, "acme-dev-d01-eu-west-1-sg-review.html"));
        const names = await page.locator("table.names").innerText();
        assert.ok(names.includes("owner: <img src=x onerror=alert(1)>"), names);
        assert.ok(names.includes('aws:<script>alert(2)</script>: "><svg onload=alert(3)>'), names);
        assert.deepEqual([await page.locator("img").count(), await page.locator("script").count(), await page.locator("svg").count()], [0, 0, 1]);
        assert.deepEqual(dialogs, []);
        assert.deepEqual(requests, []);
        await page.close();
    });

    it("the control: the same watch sees a fetch and a dialog on a page without our escaping and CSP", async () => {
        const file = path.join(tempDir("sgp-control-"), "control.html");
        fs.writeFileSync(file, '<!DOCTYPE html><title>control</title><img src="http://127.0.0.1:9/x.png"><script>alert(1)</script>');
        const { page, dialogs, requests } = await open(browser, file);
        assert.deepEqual([dialogs, requests], [["alert: 1"], ["http://127.0.0.1:9/x.png"]]);
        await page.close();
    });
});
