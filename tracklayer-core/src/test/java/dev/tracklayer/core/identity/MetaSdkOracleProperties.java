package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.facebook.ads.utils.ServerSideApiUtil;
import dev.tracklayer.core.event.UserData;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Our Meta normalize+hash must equal Meta's official Java SDK wherever the SDK follows Meta's docs
 * (em, fn/ln, zp, country). Randomized generation is forced so every property really runs 10,000
 * varied inputs instead of jqwik switching to a smaller exhaustive run.
 */
class MetaSdkOracleProperties {

  private static final int TRIES = 10_000;

  @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
  void emailMatchesSdk(@ForAll("emails") String raw) {
    UserData u = new UserData();
    u.email = raw;
    assertThat(IdentityRuleSet.META.apply(u).get("em")).isEqualTo(List.of(sdk(raw, "em")));
  }

  @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
  void firstNameMatchesSdk(@ForAll("names") String raw) {
    UserData u = new UserData();
    u.firstName = raw;
    assertThat(IdentityRuleSet.META.apply(u).get("fn")).isEqualTo(List.of(sdk(raw, "fn")));
  }

  @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
  void lastNameMatchesSdk(@ForAll("names") String raw) {
    UserData u = new UserData();
    u.lastName = raw;
    assertThat(IdentityRuleSet.META.apply(u).get("ln")).isEqualTo(List.of(sdk(raw, "ln")));
  }

  @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
  void zipMatchesSdk(@ForAll("postcodes") Postcode postcode) {
    UserData u = new UserData();
    u.zip = postcode.raw;
    u.country = postcode.country;
    assertThat(IdentityRuleSet.META.apply(u).get("zp")).isEqualTo(List.of(sdk(postcode.raw, "zp")));
  }

  @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
  void countryCodeMatchesSdk(@ForAll("countryCodes") String raw) {
    UserData u = new UserData();
    u.country = raw;
    assertThat(IdentityRuleSet.META.apply(u).get("country"))
        .isEqualTo(List.of(sdk(raw, "country")));
  }

  private static String sdk(String raw, String field) {
    return ServerSideApiUtil.hash(ServerSideApiUtil.normalize(raw, field));
  }

  // ---- generators ----

  private static final List<String> FIRST =
      List.of(
          "john",
          "mary",
          "ada",
          "jose",
          "zoë",
          "françois",
          "björn",
          "łukasz",
          "søren",
          "ana",
          "noah",
          "mia",
          "mohammed",
          "wei",
          "sven",
          "renée",
          "chloé",
          "jürgen",
          "ines",
          "olga");
  private static final List<String> LAST =
      List.of(
          "smith",
          "lovelace",
          "garcía",
          "müller",
          "nguyen",
          "o",
          "kowalski",
          "núñez",
          "dubois",
          "petrov",
          "andersen",
          "rossi",
          "schröder",
          "silva",
          "öztürk",
          "brown",
          "kim",
          "ibáñez");

  /** Precomposed (NFC-stable) letters of several scripts, both cases. */
  private static final String LETTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
          + "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ"
          + "ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽğışĞŞ"
          + "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
          + "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";

  private static final List<String> PADDING =
      List.of("", "", "", " ", "  ", "\t", "\n", " \t", "\r\n", "   ");

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> word =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .ofMinLength(1)
            .ofMaxLength(12);
    Arbitrary<String> sep = Arbitraries.of(".", "_", "-", "+", "");
    Arbitrary<String> rare = Arbitraries.of("!", "#", "$", "%", "&", "'", "*", "/", "=", "?", "^");
    Arbitrary<String> personal =
        Combinators.combine(
                Arbitraries.of(FIRST).map(MetaSdkOracleProperties::ascii),
                sep,
                Arbitraries.of(LAST).map(MetaSdkOracleProperties::ascii),
                Arbitraries.integers().between(0, 9999).map(i -> i < 2000 ? "" : "" + i))
            .as((f, s, l, d) -> f + s + l + d);
    Arbitrary<String> local =
        Arbitraries.frequencyOf(
            Tuple.of(5, personal),
            Tuple.of(3, word),
            Tuple.of(2, Combinators.combine(word, sep, word).as((a, s, b) -> a + s + b)),
            Tuple.of(1, Combinators.combine(word, rare, word).as((a, r, b) -> a + r + b)));
    Arbitrary<String> label =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(10);
    Arbitrary<String> tld =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
    Arbitrary<String> randomDomain =
        Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), tld)
            .as((labels, t) -> String.join(".", labels) + "." + t);
    Arbitrary<String> commonDomain =
        Arbitraries.of(
            "gmail.com",
            "googlemail.com",
            "yahoo.co.uk",
            "outlook.com",
            "example.com",
            "mail.example.org",
            "icloud.com",
            "web.de",
            "proton.me");
    Arbitrary<String> domain = Arbitraries.oneOf(commonDomain, randomDomain);
    return Combinators.combine(
            local, domain, Arbitraries.longs(), Arbitraries.of(PADDING), Arbitraries.of(PADDING))
        .as((l, d, seed, pre, post) -> pre + randomCase(l + "@" + d, seed) + post);
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> generated =
        Arbitraries.strings().withChars(LETTERS.toCharArray()).ofMinLength(2).ofMaxLength(14);
    Arbitrary<String> known = Arbitraries.oneOf(Arbitraries.of(FIRST), Arbitraries.of(LAST));
    Arbitrary<String> word = Arbitraries.frequencyOf(Tuple.of(1, known), Tuple.of(2, generated));
    Arbitrary<String> words =
        word.list().ofMinSize(1).ofMaxSize(2).map(list -> String.join(" ", list));
    return Combinators.combine(
            words, Arbitraries.longs(), Arbitraries.of(PADDING), Arbitraries.of(PADDING))
        .as((w, seed, pre, post) -> pre + randomCase(w, seed) + post);
  }

  /** A postcode and the country it belongs to (null: not stated). */
  record Postcode(String raw, String country) {}

  @Provide
  Arbitrary<Postcode> postcodes() {
    Arbitrary<String> d = Arbitraries.strings().numeric().ofLength(1);
    Arbitrary<String> a = Arbitraries.strings().withCharRange('a', 'z').ofLength(1);
    Arbitrary<String> us5 = Arbitraries.strings().numeric().ofLength(5);
    Arbitrary<String> plus4 = Arbitraries.strings().numeric().ofLength(4);
    Arbitrary<Postcode> usZip = us5.map(z -> new Postcode(z, "us"));
    Arbitrary<Postcode> usZipPlus4 =
        Combinators.combine(us5, plus4, Arbitraries.of("us", (String) null))
            .as((z, p, c) -> new Postcode(z + "-" + p, c));
    Arbitrary<String> ukOutward =
        Arbitraries.oneOf(
            Combinators.combine(a, d).as((x, y) -> x + y),
            Combinators.combine(a, d, d).as((x, y, z) -> x + y + z),
            Combinators.combine(a, a, d).as((x, y, z) -> x + y + z),
            Combinators.combine(a, a, d, d).as((w, x, y, z) -> w + x + y + z),
            Combinators.combine(a, d, a).as((x, y, z) -> x + y + z),
            Combinators.combine(a, a, d, a).as((w, x, y, z) -> w + x + y + z));
    Arbitrary<Postcode> uk =
        Combinators.combine(ukOutward, d, a, a, Arbitraries.of(" ", "", "  "))
            .as((o, x, y, z, sp) -> new Postcode(o + sp + x + y + z, "gb"));
    Arbitrary<Postcode> canada =
        Combinators.combine(a, d, a, d, a, d, Arbitraries.of(" ", ""))
            .as((p, q, r, s, t, u, sp) -> new Postcode(p + q + r + sp + s + t + u, "ca"));
    Arbitrary<Postcode> dutch =
        Combinators.combine(
                Arbitraries.integers().between(1000, 9999), a, a, Arbitraries.of(" ", ""))
            .as((n, x, y, sp) -> new Postcode(n + sp + x + y, "nl"));
    Arbitrary<Postcode> german =
        Combinators.combine(us5, Arbitraries.of("de", "fr", "it", "es", (String) null))
            .as(Postcode::new);
    Arbitrary<Postcode> any = Arbitraries.oneOf(usZip, usZipPlus4, uk, canada, dutch, german);
    return Combinators.combine(
            any, Arbitraries.longs(), Arbitraries.of(PADDING), Arbitraries.of(PADDING))
        .as((p, seed, pre, post) -> new Postcode(pre + randomCase(p.raw, seed) + post, p.country));
  }

  @Provide
  Arbitrary<String> countryCodes() {
    return Combinators.combine(
            Arbitraries.of(Locale.getISOCountries()),
            Arbitraries.longs(),
            Arbitraries.of(PADDING),
            Arbitraries.of(PADDING))
        .as((code, seed, pre, post) -> pre + randomCase(code, seed) + post);
  }

  private static String randomCase(String s, long seed) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp ->
                sb.appendCodePoint(
                    random.nextBoolean() ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return sb.toString();
  }

  private static String ascii(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace("ł", "l")
        .replace("ø", "o")
        .replace("ß", "ss");
  }
}
