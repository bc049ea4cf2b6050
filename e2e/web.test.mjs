// The web pages of the real `canhgiac serve` in headless Chromium (Debian's, driven by
// playwright-core), as a person on a 360-px-wide phone uses them. scripts/web-e2e.sh starts the
// server and passes its address in CANHGIAC_BASE.
//
// Every page is watched: any console error or uncaught page error fails the test that opened it.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.CANHGIAC_BASE;
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "target/e2e-artifacts";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOT_FIXTURE = process.env.E2E_SCREENSHOT;

assert.ok(BASE, "CANHGIAC_BASE must name the server, e.g. http://127.0.0.1:8080");

const PHONE = { width: 360, height: 780 };

// A fake "private detective" demands USDT under threat of sending face-swapped pictures to the
// wife. The wallet is a valid TRON address made up for the tests.
const DETECTIVE =
  "Chào anh Hùng. Tôi là thám tử tư, được thuê theo dõi anh suốt hai tháng nay. Tôi đang giữ " +
  "ảnh và video nhạy cảm của anh với một cô gái trong khách sạn, mặt anh được ghép rõ từng " +
  "đường nét. Nếu trong 24 giờ anh không chuyển 2500 USDT vào ví TRC20 " +
  "TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 thì toàn bộ sẽ được gửi cho vợ anh và cơ quan anh. Gọi " +
  "ngay 0868.426.463 để thương lượng. Đừng báo công an, tôi biết nhà anh ở đâu.";
const WALLET = "TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5";

/** The main pages, with the names of their screenshots. */
const PAGES = [
  ["check", "/"],
  ["lookup", "/tra-cuu"],
  ["report", "/bao-cao"],
  ["status", "/bao-cao/trang-thai"],
  ["photo", "/bao-ve-anh"],
  ["privacy", "/quyen-rieng-tu"],
];

let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Root in a container: Chromium's sandbox needs user namespaces we may not have.
    args: ["--no-sandbox"],
  });
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh browser context (its own cookies) at phone size, and a page whose console errors and
 * page errors are collected. `done()` closes it and fails on any error seen.
 */
async function open(t, viewport = PHONE) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message} (${page.url()})`));
  page.on("response", (response) => {
    const status = response.status();
    // 4xx answers to our own forms are expected where a test asks for them; 5xx never are.
    if (status >= 500) problems.push(`HTTP ${status} ${response.url()}`);
  });
  t.after(async () => {
    await context.close();
  });
  return {
    page,
    done: () => assert.deepEqual(problems, [], problems.join("\n")),
  };
}

/** Every visible form control has a label; the page fits the viewport's width. */
async function checkPage(page, what) {
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll("input, textarea, select"))
      .filter((el) => el.type !== "hidden")
      .filter((el) => !el.labels || el.labels.length === 0)
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, [], `${what}: inputs without a label`);
  const lang = await page.getAttribute("html", "lang");
  assert.ok(lang === "vi" || lang === "en", `${what}: lang=${lang}`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `${what}: ${overflow}px wider than the screen`);
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-360.png`), fullPage: true });
}

/** Checks the scam message on the home page; leaves the page on the result. */
async function checkDetective(page) {
  await page.goto("/");
  await page.getByLabel("Nội dung tin nhắn").fill(DETECTIVE);
  await Promise.all([page.waitForURL("/"), page.getByRole("button", { name: "Kiểm tra" }).click()]);
  await page.waitForSelector("#verdict");
}

describe("Cảnh Giác in a browser", () => {
  test("every main page: labels, phone width, no console errors, screenshots", async (t) => {
    const { page, done } = await open(t);
    for (const [name, url] of PAGES) {
      const response = await page.goto(url);
      assert.equal(response.status(), 200, url);
      assert.match(response.headers()["content-security-policy"] ?? "", /default-src 'none'/);
      await checkPage(page, url);
      await screenshot(page, name);
    }
    done();
  });

  test("keyboard: the first Tab reaches the skip link, which leads to the content", async (t) => {
    const { page, done } = await open(t);
    await page.goto("/");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
    await page.keyboard.press("Enter");
    assert.match(page.url(), /#main$/);
    done();
  });

  test("a scam message is highlighted, explained and answered with advice", async (t) => {
    const { page, done } = await open(t);
    await checkDetective(page);
    await checkPage(page, "check result");
    assert.match(await page.textContent("#verdict"), /Đây rất có thể là tin nhắn lừa đảo/);
    const marks = await page.locator(".message mark").allTextContents();
    assert.ok(marks.includes("thám tử tư"), `highlights: ${marks}`);
    assert.ok(marks.length >= 4, `highlights: ${marks}`);
    // Each highlight points to its explanation.
    await page.locator(".message sup a").first().click();
    assert.match(page.url(), /#flag-1$/);
    assert.match(await page.textContent("#flag-1"), /thám tử tư/);
    const steps = await page.locator("ol.advice li").allTextContents();
    assert.ok(steps.length >= 4, `advice: ${steps}`);
    assert.ok(steps.some((s) => s.includes("Không chuyển tiền")), `advice: ${steps}`);
    assert.equal(await page.locator('main a[href="tel:113"]').count(), 1);
    assert.equal(await page.locator('main a[href="tel:0899252555"]').count(), 1);
    assert.match(await page.textContent(".indicators"), new RegExp(WALLET));
    await screenshot(page, "check-result");
    done();
  });

  test("report the message, then read and withdraw it with the PIN", async (t) => {
    const { page, done } = await open(t);
    await checkDetective(page);
    await page.getByRole("button", { name: "Báo cáo tin nhắn này" }).click();
    await page.waitForURL("/bao-cao");
    const text = await page.getByLabel("Nội dung tin nhắn").inputValue();
    assert.ok(text.includes("thám tử tư") && text.includes(WALLET), "the form is prefilled");
    await checkPage(page, "prefilled report");
    await page.getByLabel("Bạn nhận tin nhắn qua đâu?").selectOption("zalo");
    await page.getByLabel("Số tiền bị đòi").fill("2500");
    await page.getByLabel("Đơn vị").selectOption("USDT");
    await page.getByLabel("Cách liên hệ với bạn").fill("0901 234 567");
    await page.getByLabel("Tôi đồng ý").check();
    await page.getByRole("button", { name: "Gửi báo cáo" }).click();
    await page.waitForSelector("#pin");
    const reference = (await page.textContent("#reference")).trim();
    const pin = (await page.textContent("#pin")).trim();
    assert.match(reference, /^CG-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.match(pin, /^\d{6}$/);
    assert.ok(await page.getByText("Hãy ghi lại hai mã này").isVisible());
    // The copy button appears with the script.
    assert.ok(await page.getByRole("button", { name: "Sao chép hai mã" }).isVisible());
    await checkPage(page, "report created");
    await screenshot(page, "report-created");

    // The look-up counts the report now.
    await page.goto(`/tra-cuu?kind=trx&value=${WALLET}`);
    assert.match(await page.textContent(".result"), /Đã bị báo cáo 1 lần/);

    await page.goto("/bao-cao/trang-thai");
    await page.getByLabel("Mã tham chiếu").fill(reference);
    await page.getByLabel("Mã PIN").fill(pin);
    await page.getByRole("button", { name: "Xem trạng thái" }).click();
    await page.waitForSelector("dd.status");
    assert.equal((await page.textContent("dd.status")).trim(), "Đã nhận, đang chờ xem xét");
    assert.ok(!(await page.content()).includes("0901 234 567"), "the contact is never shown");
    await checkPage(page, "status");
    await screenshot(page, "status-result");

    await page.getByLabel("Tôi muốn rút lại báo cáo này").check();
    await page.getByRole("button", { name: "Rút lại báo cáo" }).click();
    await page.waitForSelector("[role=status]");
    assert.equal((await page.textContent("dd.status")).trim(), "Đã rút lại");
    done();
  });

  test("switch to English and back", async (t) => {
    const { page, done } = await open(t);
    await page.goto("/bao-cao");
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL("/bao-cao?lang=en");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal((await page.textContent("h1")).trim(), "Report a scam");
    await checkPage(page, "English report");
    // The choice is kept by a cookie on the next pages.
    await page.getByRole("link", { name: "Check a message" }).click();
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.getByLabel("The message").fill(DETECTIVE);
    await page.getByRole("button", { name: "Check" }).click();
    await page.waitForSelector("#verdict");
    assert.match(await page.textContent("#verdict"), /This is very likely a scam/);
    await screenshot(page, "check-result-en");
    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    assert.equal((await page.textContent("h1")).trim(), "Kiểm tra tin nhắn");
    done();
  });

  test("look up a wallet that nobody reported", async (t) => {
    const { page, done } = await open(t);
    await page.goto("/tra-cuu");
    await page.getByLabel("Loại thông tin").selectOption("btc");
    await page.getByLabel("Số, tài khoản, địa chỉ ví hoặc đường link").fill(
      "124aNTAeNWrPGYJJ2uuhwyTRqF4urM881b",
    );
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.waitForSelector(".result");
    assert.match(await page.textContent(".result"), /Chưa có báo cáo nào/);
    await checkPage(page, "lookup result");
    done();
  });

  test("register a picture's fingerprint", { skip: !SCREENSHOT_FIXTURE }, async (t) => {
    const { page, done } = await open(t);
    await page.goto("/bao-ve-anh");
    await page.getByLabel("Ảnh hoặc video ngắn").setInputFiles(SCREENSHOT_FIXTURE);
    await page.getByRole("button", { name: "Đăng ký dấu vân tay" }).click();
    await page.waitForSelector("#pin");
    assert.match((await page.textContent("#reference")).trim(), /^CG-/);
    assert.match(await page.textContent("main"), /chỉ dấu vân tay được giữ lại/);
    await screenshot(page, "photo-registered");
    done();
  });

  test("a desktop window shows the same pages", async (t) => {
    const { page, done } = await open(t, { width: 1280, height: 900 });
    await checkDetective(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "check-result-1280.png"), fullPage: true });
    done();
  });
});
