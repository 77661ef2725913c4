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

    it("renders the diagram and the highlighted overrides, runs nothing, fetches nothing, and is saved as a screenshot", async () => {
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
        assert.deepEqual(await rows.locator(".badge.override").allTextContents(), [
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
        const highlighted = await backgroundOf(page, "table.rules tr.override td");
        const plain = await backgroundOf(page, "table.rules tbody tr:not(.override) td");
        assert.notEqual(highlighted, plain);
        assert.equal(highlighted, "rgb(255, 244, 204)");

        assert.deepEqual(dialogs, []);
        assert.deepEqual(requests, []);

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
