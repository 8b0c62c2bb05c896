package dev.tracklayer.ingest.bots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class BotDetectorTest {
  static BotDetector withDefaults() {
    BotProperties props =
        new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("tracklayer.ingest.bots", BotProperties.class);
    return new BotDetector(props);
  }

  @Test
  void peopleAreNotBots() {
    BotDetector bots = withDefaults();
    for (String ua :
        List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            // A phone brand containing "bot": why crawlers are listed by name.
            "Mozilla/5.0 (Linux; Android 12; CUBOT KINGKONG 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0]")) {
      assertThat(bots.isBot(ua)).as(ua).isFalse();
    }
  }

  @Test
  void headlessBrowsersAutomationCrawlersAndMissingUserAgentsAreBots() {
    BotDetector bots = withDefaults();
    for (String ua :
        new String[] {
          null,
          "",
          "   ",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
          "Mozilla/5.0 Chrome/120 Safari/537.36 Selenium",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
          "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
          "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
          "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
          "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
          "curl/8.5.0",
          "python-requests/2.31.0"
        }) {
      assertThat(bots.isBot(ua)).as(String.valueOf(ua)).isTrue();
    }
  }

  @Test
  void theMarkerListIsConfigurable() {
    BotDetector custom = new BotDetector(new BotProperties(List.of("AcmeCrawler", " ")));
    assertThat(custom.isBot("Mozilla/5.0 acmecrawler/1.0")).isTrue();
    assertThat(custom.isBot("Mozilla/5.0 (compatible; Googlebot/2.1)")).isFalse();
    assertThat(custom.markers()).containsExactly("acmecrawler");
  }
}
