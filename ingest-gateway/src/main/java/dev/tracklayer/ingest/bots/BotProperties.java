package dev.tracklayer.ingest.bots;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User-Agent substrings (case-insensitive) that mark a browser event as not from a person. Setting
 * {@code tracklayer.ingest.bots.markers} replaces the whole list. Crawlers are named one by one: a
 * bare "bot" would also match real phones (Cubot) and apps.
 */
@ConfigurationProperties("tracklayer.ingest.bots")
public record BotProperties(
    @DefaultValue({
          // headless and automated browsers
          "HeadlessChrome",
          "PhantomJS",
          "SlimerJS",
          "Selenium",
          "WebDriver",
          "Puppeteer",
          "Playwright",
          "Cypress",
          "Lighthouse",
          // search and SEO crawlers
          "Googlebot",
          "AdsBot-Google",
          "Mediapartners-Google",
          "Google-InspectionTool",
          "Storebot-Google",
          "bingbot",
          "BingPreview",
          "Slurp",
          "DuckDuckBot",
          "Baiduspider",
          "YandexBot",
          "Sogou",
          "Applebot",
          "AhrefsBot",
          "SemrushBot",
          "MJ12bot",
          "DotBot",
          "PetalBot",
          "Bytespider",
          "SeznamBot",
          "Qwantify",
          // link previews
          "facebookexternalhit",
          "Facebot",
          "Twitterbot",
          "LinkedInBot",
          "Slackbot",
          "Discordbot",
          "TelegramBot",
          "WhatsApp",
          "Pinterestbot",
          // AI crawlers
          "GPTBot",
          "ChatGPT-User",
          "ClaudeBot",
          "anthropic-ai",
          "CCBot",
          "PerplexityBot",
          "Amazonbot",
          // monitors and HTTP libraries: not browsers
          "UptimeRobot",
          "Pingdom",
          "python-requests",
          "python-urllib",
          "aiohttp",
          "curl/",
          "Wget/",
          "Go-http-client",
          "okhttp",
          "Java/",
          "Apache-HttpClient",
          "node-fetch",
          "axios/",
          "libwww-perl",
          "HeadlessShell"
        })
        List<String> markers) {}
