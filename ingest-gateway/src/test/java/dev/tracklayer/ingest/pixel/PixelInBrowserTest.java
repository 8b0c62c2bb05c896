package dev.tracklayer.ingest.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pixel in the machine's real headless Chromium, on a storefront of another origin, talking to
 * the running gateway: what arrives in Kafka is what the page saw.
 */
class PixelInBrowserTest extends GatewayTestBase {
  /**
   * Headless Chromium says "HeadlessChrome", which the gateway drops as a bot: look like a person.
   */
  static final String DESKTOP_CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  Storefront shop;
  ChromeDriver browser;

  @BeforeEach
  void start() {
    shop = new Storefront("http://127.0.0.1:" + port + "/v1/pixel.js");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-agent=" + DESKTOP_CHROME);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (shop != null) {
      shop.close();
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private String awaitPageViewId() {
    return new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(
            b -> (String) js("return window.tracklayer && window.tracklayer.pageViewId || null"));
  }

  private String gatewayEvents() {
    return "http://127.0.0.1:" + port + "/v1/browser/events";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String cookie(String name) {
    Cookie c = browser.manage().getCookieNamed(name);
    return c == null ? null : c.getValue();
  }

  @Test
  void pageViewAndPurchaseArriveWithCookiesClickIdsAndTheirEventIds() {
    String merchant = DATA.createMerchant("active");
    browser.get(
        shop.url(
            "/shop?merchant="
                + merchant
                + "&fbclid=IwAR0fbclid123&gclid=Cj0gclid456&ttclid=tt789&ScCid=snap1&utm_source=x"));
    String pageViewId = awaitPageViewId();
    String purchaseId =
        (String)
            js(
                "return tracklayer('track', 'purchase', {value: 49.9, currency: 'EUR',"
                    + " order_id: 'o-1', items: [{id: 'SKU-1', quantity: 2, price: 24.95}]})");
    assertThat(js("return tracklayer.lastEventId")).isEqualTo(purchaseId);
    assertThat(purchaseId).isNotEqualTo(pageViewId);

    String fbp = cookie("_fbp");
    String fbc = cookie("_fbc");
    assertThat(fbp).matches("fb\\.1\\.\\d{13}\\.\\d+");
    assertThat(fbc).matches("fb\\.1\\.\\d{13}\\.IwAR0fbclid123");

    Map<String, List<dev.tracklayer.ingest.testing.EventsTopic.Record>> found =
        EVENTS.await(
            List.of(kafkaKey(merchant, pageViewId), kafkaKey(merchant, purchaseId)), KAFKA_WAIT);
    JsonNode pageView = found.get(kafkaKey(merchant, pageViewId)).get(0).value();
    JsonNode purchase = found.get(kafkaKey(merchant, purchaseId)).get(0).value();

    assertThat(pageView.get("event_name").asText()).isEqualTo("page_view");
    assertThat(pageView.get("event_source_url").asText()).contains("fbclid=IwAR0fbclid123");
    assertThat(purchase.get("event_name").asText()).isEqualTo("purchase");
    assertThat(purchase.get("value").decimalValue()).isEqualByComparingTo("49.9");
    assertThat(purchase.get("currency").asText()).isEqualTo("EUR");
    assertThat(purchase.at("/items/0/id").asText()).isEqualTo("SKU-1");
    for (JsonNode event : List.of(pageView, purchase)) {
      assertThat(event.get("source").asText()).isEqualTo("browser");
      assertThat(event.get("merchant_id").asText()).isEqualTo(merchant);
      JsonNode ids = event.at("/user_data/browser_ids");
      assertThat(ids.get("fbp").asText()).isEqualTo(fbp);
      assertThat(ids.get("fbc").asText()).isEqualTo(fbc);
      assertThat(ids.get("gclid").asText()).isEqualTo("Cj0gclid456");
      assertThat(ids.get("ttclid").asText()).isEqualTo("tt789");
      assertThat(ids.get("sc_click_id").asText()).isEqualTo("snap1");
      assertThat(event.at("/user_data/user_agent").asText()).isEqualTo(DESKTOP_CHROME);
      assertThat(event.at("/user_data/client_ip").asText()).isEqualTo("127.0.0.1");
    }

    // First and last touch are kept for the next pages of the visit.
    assertThat((String) js("return localStorage.getItem('_tl_ft')")).contains("Cj0gclid456");
    browser.get(shop.url("/shop?merchant=" + merchant + "&msclkid=ms42"));
    String second = awaitPageViewId();
    JsonNode next = EVENTS.awaitOne(kafkaKey(merchant, second), KAFKA_WAIT).value();
    JsonNode ids = next.at("/user_data/browser_ids");
    assertThat(ids.get("msclkid").asText()).isEqualTo("ms42");
    assertThat(ids.get("gclid").asText()).as("first touch still known").isEqualTo("Cj0gclid456");
    assertThat(ids.get("fbp").asText()).isEqualTo(fbp);
    assertThat(ids.get("fbc").asText()).isEqualTo(fbc);
    assertThat(cookie("_fbp")).isEqualTo(fbp);
  }

  @Test
  void withoutRandomUuidEventIdsAreStillRandomAndArrive() {
    String merchant = DATA.createMerchant("active");
    browser.get(shop.url("/shop?merchant=" + merchant + "&uuid=0"));
    String pageViewId = awaitPageViewId();
    String purchaseId = (String) js("return tracklayer('track', 'purchase')");
    assertThat(List.of(pageViewId, purchaseId)).allMatch(id -> id.matches("\\d+(-\\d+){3}"));
    assertThat(purchaseId).isNotEqualTo(pageViewId);
    EVENTS.await(
        List.of(kafkaKey(merchant, pageViewId), kafkaKey(merchant, purchaseId)), KAFKA_WAIT);
  }

  @Test
  void existingMetaCookiesAreNotAltered() {
    String merchant = DATA.createMerchant("active");
    browser.get(shop.url("/blank"));
    browser.manage().addCookie(new Cookie("_fbp", "fb.1.1600000000000.1234567890"));
    browser.manage().addCookie(new Cookie("_fbc", "fb.1.1600000000000.OLDCLICK"));

    browser.get(shop.url("/shop?merchant=" + merchant + "&fbclid=NEWCLICK"));
    String pageViewId = awaitPageViewId();

    assertThat(cookie("_fbp")).isEqualTo("fb.1.1600000000000.1234567890");
    assertThat(cookie("_fbc")).isEqualTo("fb.1.1600000000000.OLDCLICK");
    JsonNode ids =
        EVENTS
            .awaitOne(kafkaKey(merchant, pageViewId), KAFKA_WAIT)
            .value()
            .at("/user_data/browser_ids");
    assertThat(ids.get("fbp").asText()).isEqualTo("fb.1.1600000000000.1234567890");
    // The event carries the newer click, though the cookie is left as it was.
    assertThat(ids.get("fbc").asText()).matches("fb\\.1\\.\\d{13}\\.NEWCLICK");
  }

  @Test
  void nothingIsSentOrStoredWhileConsentIsWithheld() throws Exception {
    String merchant = DATA.createMerchant("active");
    browser.get(shop.url("/shop?merchant=" + merchant + "&consent=0&fbclid=abc&gclid=def"));
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(b -> Boolean.TRUE.equals(js("return !!(window.tracklayer && tracklayer.loaded)")));
    String purchaseId =
        (String) js("return tracklayer('track', 'purchase', {value: 5, currency: 'USD'})");
    assertThat(purchaseId).isNotBlank();
    assertThat(js("return tracklayer.pageViewId || null")).isNull();

    Thread.sleep(2000);
    assertThat(cookie("_fbp")).isNull();
    assertThat(cookie("_fbc")).isNull();
    assertThat(js("return localStorage.length")).isEqualTo(0L);
    assertThat(EVENTS.readNow(List.of(kafkaKey(merchant, purchaseId)))).isEmpty();

    // Consent given: the page view this page owed is sent now, and what follows is sent too.
    js("tracklayer('consent', true)");
    String pageViewId = awaitPageViewId();
    String later = (String) js("return tracklayer('track', 'add_to_cart', {})");
    Map<String, List<dev.tracklayer.ingest.testing.EventsTopic.Record>> found =
        EVENTS.await(
            List.of(kafkaKey(merchant, pageViewId), kafkaKey(merchant, later)), KAFKA_WAIT);
    JsonNode pageView = found.get(kafkaKey(merchant, pageViewId)).get(0).value();
    assertThat(pageView.at("/consent/marketing").asBoolean()).isTrue();
    assertThat(pageView.at("/user_data/browser_ids/gclid").asText()).isEqualTo("def");
    assertThat(cookie("_fbc")).matches("fb\\.1\\.\\d{13}\\.abc");
    assertThat(EVENTS.readNow(List.of(kafkaKey(merchant, purchaseId)))).isEmpty();
  }

  @Test
  void eventsTrackedOfflineAreSentWhenTheBrowserIsBackOnline() {
    String merchant = DATA.createMerchant("active");
    browser.get(shop.url("/shop?merchant=" + merchant));
    String pageViewId = awaitPageViewId();
    EVENTS.awaitOne(kafkaKey(merchant, pageViewId), KAFKA_WAIT);

    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    browser.setNetworkConditions(offline);
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(b -> Boolean.FALSE.equals(js("return navigator.onLine")));
    String eventId =
        (String) js("return tracklayer('track', 'add_to_cart', {value: 3, currency: 'USD'})");
    assertThat((String) js("return localStorage.getItem('_tl_q')")).contains(eventId);

    browser.deleteNetworkConditions();
    JsonNode event = EVENTS.awaitOne(kafkaKey(merchant, eventId), KAFKA_WAIT).value();
    assertThat(event.get("event_name").asText()).isEqualTo("add_to_cart");
  }

  @Test
  void withoutFetchEventsGoBySendBeaconAndArrive() {
    String merchant = DATA.createMerchant("active");
    browser.get(
        shop.url(
            "/shop?merchant="
                + merchant
                + "&fetch=0&fbclid=IwARbeacon1&gclid=Cj0beacon2&ScCid=snapbeacon3"));
    String pageViewId = awaitPageViewId();
    String purchaseId =
        (String)
            js(
                "return tracklayer('track', 'purchase', {value: 12.5, currency: 'USD',"
                    + " order_id: 'o-beacon'})");
    assertThat(js("return typeof window.fetch")).isEqualTo("undefined");
    assertThat(js("return window.beacons")).as("both events went by sendBeacon").isEqualTo(2L);
    String fbp = cookie("_fbp");
    String fbc = cookie("_fbc");
    assertThat(fbc).matches("fb\\.1\\.\\d{13}\\.IwARbeacon1");

    // sendBeacon posts the string as text/plain;charset=UTF-8, which the browser endpoint takes.
    Map<String, List<dev.tracklayer.ingest.testing.EventsTopic.Record>> found =
        EVENTS.await(
            List.of(kafkaKey(merchant, pageViewId), kafkaKey(merchant, purchaseId)), KAFKA_WAIT);
    JsonNode pageView = found.get(kafkaKey(merchant, pageViewId)).get(0).value();
    JsonNode purchase = found.get(kafkaKey(merchant, purchaseId)).get(0).value();
    assertThat(pageView.get("event_name").asText()).isEqualTo("page_view");
    assertThat(purchase.get("event_name").asText()).isEqualTo("purchase");
    assertThat(purchase.get("order_id").asText()).isEqualTo("o-beacon");
    assertThat(purchase.get("value").decimalValue()).isEqualByComparingTo("12.5");
    for (JsonNode event : List.of(pageView, purchase)) {
      assertThat(event.get("source").asText()).isEqualTo("browser");
      assertThat(event.get("merchant_id").asText()).isEqualTo(merchant);
      JsonNode ids = event.at("/user_data/browser_ids");
      assertThat(ids.get("fbp").asText()).isEqualTo(fbp);
      assertThat(ids.get("fbc").asText()).isEqualTo(fbc);
      assertThat(ids.get("gclid").asText()).isEqualTo("Cj0beacon2");
      assertThat(ids.get("sc_click_id").asText()).isEqualTo("snapbeacon3");
      assertThat(event.at("/attribution/first_touch/param").asText()).isEqualTo("fbclid");
      assertThat(event.at("/attribution/first_touch/value").asText()).isEqualTo("IwARbeacon1");
      assertThat(event.at("/user_data/user_agent").asText()).isEqualTo(DESKTOP_CHROME);
    }
    // A queued beacon is the browser's to deliver: nothing is kept for a retry.
    assertThat((String) js("return localStorage.getItem('_tl_q')")).isEqualTo("[]");
  }

  @Test
  void attributionKeepsTheFirstClickWhileTheLastTouchFollowsNewClicks() {
    String merchant = DATA.createMerchant("active");
    long before = System.currentTimeMillis() / 1000;
    browser.get(shop.url("/shop?merchant=" + merchant + "&gclid=G-first"));
    JsonNode one = EVENTS.awaitOne(kafkaKey(merchant, awaitPageViewId()), KAFKA_WAIT).value();
    JsonNode firstTouch = one.at("/attribution/first_touch");
    assertThat(firstTouch.get("param").asText()).isEqualTo("gclid");
    assertThat(firstTouch.get("value").asText()).isEqualTo("G-first");
    assertThat(firstTouch.get("at").asLong()).isBetween(before, System.currentTimeMillis() / 1000);
    assertThat(one.at("/attribution/last_touch")).isEqualTo(firstTouch);

    // A later visit from another ad: the first touch stays, the last touch is the new click.
    browser.get(shop.url("/shop?merchant=" + merchant + "&msclkid=M-second"));
    JsonNode two = EVENTS.awaitOne(kafkaKey(merchant, awaitPageViewId()), KAFKA_WAIT).value();
    assertThat(two.at("/attribution/first_touch")).isEqualTo(firstTouch);
    JsonNode lastTouch = two.at("/attribution/last_touch");
    assertThat(lastTouch.get("param").asText()).isEqualTo("msclkid");
    assertThat(lastTouch.get("value").asText()).isEqualTo("M-second");
    assertThat(lastTouch.get("at").asLong()).isGreaterThanOrEqualTo(firstTouch.get("at").asLong());
    // browser_ids as before: per id the last touch's value, else the first's.
    assertThat(two.at("/user_data/browser_ids/msclkid").asText()).isEqualTo("M-second");
    assertThat(two.at("/user_data/browser_ids/gclid").asText()).isEqualTo("G-first");

    // A visit without a click id changes neither.
    browser.get(shop.url("/shop?merchant=" + merchant));
    JsonNode three = EVENTS.awaitOne(kafkaKey(merchant, awaitPageViewId()), KAFKA_WAIT).value();
    assertThat(three.get("attribution")).isEqualTo(two.get("attribution"));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffAndTheEventArrivesOnce() throws Exception {
    String merchant = DATA.createMerchant("active");
    try (FlakyEndpoint flaky = new FlakyEndpoint(gatewayEvents(), 2)) {
      browser.get(
          shop.url("/shop?merchant=" + merchant + "&fast=1&endpoint=" + encode(flaky.url())));
      String pageViewId = awaitPageViewId();
      EVENTS.awaitOne(kafkaKey(merchant, pageViewId), KAFKA_WAIT);
      Thread.sleep(1500); // more than every remaining backoff, at the page's timer speed
      assertThat(flaky.attempts(pageViewId)).as("503, 503, then 202").isEqualTo(3);
      assertThat(
              EVENTS
                  .readNow(List.of(kafkaKey(merchant, pageViewId)))
                  .get(kafkaKey(merchant, pageViewId)))
          .hasSize(1);
      assertThat((String) js("return localStorage.getItem('_tl_q')")).doesNotContain(pageViewId);
    }
  }

  @Test
  void aRateLimitedEventWaitsForRetryAfterBeforeItsNextTry() throws Exception {
    String merchant = DATA.createMerchant("active");
    // 30 s at the page's timer speed is 0.3 s; the backoff alone would retry after 20 ms.
    try (FlakyEndpoint limited = new FlakyEndpoint(gatewayEvents(), 1, 429, "30")) {
      browser.get(
          shop.url("/shop?merchant=" + merchant + "&fast=1&endpoint=" + encode(limited.url())));
      String pageViewId = awaitPageViewId();
      EVENTS.awaitOne(kafkaKey(merchant, pageViewId), KAFKA_WAIT);
      List<Long> times = limited.attemptTimes(pageViewId);
      assertThat(times).as("429, then 202").hasSize(2);
      assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(280);
    }
  }

  @Test
  void afterFiveFailedTriesTheEventIsDropped() throws Exception {
    String merchant = DATA.createMerchant("active");
    try (FlakyEndpoint flaky = new FlakyEndpoint(gatewayEvents(), Integer.MAX_VALUE)) {
      browser.get(
          shop.url("/shop?merchant=" + merchant + "&fast=1&endpoint=" + encode(flaky.url())));
      String pageViewId = awaitPageViewId();
      new WebDriverWait(browser, Duration.ofSeconds(15))
          .until(b -> flaky.attempts(pageViewId) >= 5);
      // Unbounded retries would try again within 0.6 s (the 60 s backoff cap, 100 times faster).
      Thread.sleep(1500);
      assertThat(flaky.attempts(pageViewId)).isEqualTo(5);
      assertThat((String) js("return localStorage.getItem('_tl_q')")).isEqualTo("[]");
      assertThat(EVENTS.readNow(List.of(kafkaKey(merchant, pageViewId)))).isEmpty();
    }
  }
}
