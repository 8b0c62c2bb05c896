package dev.tracklayer.ingest.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import java.io.File;
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
}
