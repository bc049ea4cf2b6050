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
// The same wallet in another victim's message.
const DETECTIVE_AGAIN =
  "Anh Long, em là thám tử được thuê điều tra anh. Em có clip anh ở nhà nghỉ, đã ghép mặt. " +
  "Muốn em xoá thì chuyển 1000 USDT mạng TRON tới TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 trước " +
  "9 giờ tối nay, không thì clip sẽ gửi cho vợ anh.";

/** The main pages, with the names of their screenshots. */
const PAGES = [
  ["check", "/"],
  ["lookup", "/tra-cuu"],
  ["report", "/bao-cao"],
  ["status", "/bao-cao/trang-thai"],
  ["photo", "/bao-ve-anh"],
  ["privacy", "/quyen-rieng-tu"],
  ["advisories", "/canh-bao"],
];

const ADMIN_NAME = process.env.E2E_ADMIN_NAME;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;

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

/** Signs in through the login page, starting from the page asked for. */
async function logIn(page, target = "/phan-tich") {
  await page.goto(target);
  await page.waitForURL(/\/phan-tich\/dang-nhap/);
  await checkPage(page, "login");
  await page.getByLabel("Tên đăng nhập").fill(ADMIN_NAME);
  await page.getByLabel("Mật khẩu").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => url.pathname === new URL(target, BASE).pathname);
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
    // Following a fragment link updates the address a moment after the key press.
    await page.waitForURL(/#main$/, { timeout: 5000 });
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

  test("an analyst logs in, confirms a report filed here and sees its campaign", { skip: !ADMIN_NAME }, async (t) => {
    const { page, done } = await open(t);
    // A person reports the message through the pages; the text carries a marker to find it by.
    const marker = `E2E-${Date.now()}`;
    await page.goto("/bao-cao");
    await page.getByLabel("Nội dung tin nhắn").fill(`${DETECTIVE} ${marker}`);
    await page.getByLabel("Số tiền bị đòi").fill("2500");
    await page.getByLabel("Số tiền đã trả").fill("500");
    await page.getByLabel("Đơn vị").selectOption("USDT");
    await page.getByLabel("Cách liên hệ với bạn").fill("0901 234 567");
    await page.getByRole("button", { name: "Gửi báo cáo" }).click();
    await page.waitForSelector("#pin");
    const reference = (await page.textContent("#reference")).trim();
    const pin = (await page.textContent("#pin")).trim();
    // Another victim reports the same wallet (through the API).
    const again = await page.request.post("/api/v1/reports", { data: { text: DETECTIVE_AGAIN } });
    assert.equal(again.status(), 201);

    await logIn(page, "/phan-tich");
    assert.equal((await page.textContent("h1")).trim(), "Tổng quan");
    for (const id of ["chart-per-day", "chart-by-type", "chart-indicators", "chart-money"]) {
      assert.equal(await page.locator(`svg#${id}`).count(), 1, id);
    }
    await checkPage(page, "dashboard");
    await screenshot(page, "dashboard");

    await page.getByRole("link", { name: "Báo cáo chờ xem xét" }).first().click();
    await page.waitForURL(/\/phan-tich\/bao-cao/);
    await checkPage(page, "queue");
    assert.ok((await page.locator(".report-row").count()) >= 2);
    await screenshot(page, "queue");

    await page.goto(`/phan-tich/tim-kiem?q=${marker}`);
    await checkPage(page, "search");
    await page.locator(".report-link").first().click();
    await page.waitForSelector("#reason");
    assert.ok((await page.content()).includes("0901 234 567"), "the contact on the report's page");
    await checkPage(page, "report page");
    await page.getByLabel("Lý do").fill("Ví TRON trùng với chiến dịch thám tử tư đã biết");
    await page.getByRole("button", { name: "Xác nhận là lừa đảo" }).click();
    await page.waitForSelector(".decisions");
    assert.equal((await page.textContent("h1 .tag")).trim(), "Đã được xác nhận là lừa đảo");

    await page.getByRole("link", { name: /Xem chiến dịch/ }).click();
    await page.waitForSelector("svg#campaign-graph");
    assert.ok((await page.locator("svg#campaign-graph .node").count()) >= 2, "both reports drawn");
    assert.ok((await page.locator("svg#campaign-graph line.edge").count()) >= 1, "linked by the wallet");
    assert.match(await page.textContent("main"), new RegExp(WALLET));
    await checkPage(page, "campaign");
    await screenshot(page, "campaign");

    // The reporter sees the decision with the PIN; never the analyst's notes.
    await page.goto("/bao-cao/trang-thai");
    await page.getByLabel("Mã tham chiếu").fill(reference);
    await page.getByLabel("Mã PIN").fill(pin);
    await page.getByRole("button", { name: "Xem trạng thái" }).click();
    await page.waitForSelector("dd.status");
    assert.equal((await page.textContent("dd.status")).trim(), "Đã được xác nhận là lừa đảo");
    assert.ok(!(await page.content()).includes("chiến dịch thám tử tư đã biết"));

    // The analysts' pages switch language too.
    await page.goto("/phan-tich");
    await page.getByRole("link", { name: "English" }).click();
    assert.equal((await page.textContent("h1")).trim(), "Overview");
    await page.getByRole("link", { name: "Tiếng Việt" }).click();
    assert.equal((await page.textContent("h1")).trim(), "Tổng quan");

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL(/\/phan-tich\/dang-nhap/);
    await page.goto("/phan-tich");
    await page.waitForURL(/\/phan-tich\/dang-nhap/);
    done();
  });

  test("an admin writes and publishes a warning; the public reads it", { skip: !ADMIN_NAME }, async (t) => {
    const { page, done } = await open(t);
    await logIn(page, "/phan-tich/canh-bao");
    await checkPage(page, "advisories admin");
    const identifier = `E2E-${Date.now()}`;
    await page.getByLabel("Số hiệu").fill(identifier);
    const vietnamese = page.locator("fieldset[lang=vi]");
    await vietnamese.getByLabel("Tiêu đề").fill("Cảnh báo thủ đoạn giả danh thám tử tư tống tiền");
    await vietnamese.getByLabel("Sự việc").fill("Lừa đảo tống tiền bằng ảnh ghép");
    await vietnamese.getByLabel("Nội dung").fill("Thời gian gần đây, đối tượng giả danh thám tử tư gửi ảnh ghép để tống tiền.");
    await vietnamese.getByLabel("Khuyến cáo người dân").fill("Không chuyển tiền. Gọi 113 hoặc 0899 252 555.");
    await page.getByLabel("Mức độ khẩn cấp").selectOption("Immediate");
    await page.getByLabel("Người liên hệ").fill("Đ/c Trần Văn Bình");
    await page.getByLabel("Số điện thoại", { exact: true }).fill("0899 252 555");
    await page.getByLabel("Số điện thoại, ví, tài khoản, đường link cần cảnh báo").fill("0868 426 463");
    await screenshot(page, "advisories-admin");
    await page.getByRole("button", { name: "Lưu bản nháp" }).click();
    await page.waitForURL(new RegExp(`/phan-tich/canh-bao/${identifier}$`));
    await page.getByRole("button", { name: "Công bố cảnh báo" }).click();
    await page.waitForSelector("text=Đã công bố cảnh báo.");
    await checkPage(page, "published");

    await page.goto("/canh-bao");
    await page.getByRole("link", { name: "Cảnh báo thủ đoạn giả danh thám tử tư tống tiền" }).click();
    await page.waitForURL(new RegExp(`/canh-bao/${identifier}$`));
    assert.equal((await page.textContent("h1")).trim(), "Cảnh báo thủ đoạn giả danh thám tử tư tống tiền");
    assert.equal(await page.locator('main a[href="tel:0899252555"]').count(), 1);
    assert.equal(await page.locator("main code.value", { hasText: "+84868426463" }).count(), 1);
    await checkPage(page, "advisory");
    await screenshot(page, "advisory");
    done();
  });
});
