package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizersTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "   ", "\t", "\n", "\r\n", " \u00a0 ", "\u2003", "\u0000 "})
  void blankIsOmittedByEveryNormalizer(String blank) {
    for (Normalization n : Normalization.values()) {
      assertThat(n.apply(blank, null)).as(n.name()).isNull();
      assertThat(n.apply(blank, "us")).as(n.name()).isNull();
    }
  }

  @Test
  void email() {
    assertThat(Normalizers.email("  John_Smith@Gmail.COM \n")).isEqualTo("john_smith@gmail.com");
    assertThat(Normalizers.email("not-an-email")).isNull();
    assertThat(Normalizers.email("@example.com")).isNull();
    assertThat(Normalizers.email("john@")).isNull();
  }

  @Test
  void emailLowercasesIndependentlyOfDefaultLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
      assertThat(Normalizers.email("IAN@EXAMPLE.COM")).isEqualTo("ian@example.com");
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void gmailEmailDropsDotsOnlyInGmailLocalParts() {
    assertThat(Normalizers.gmailEmail(" John.Smith@Gmail.com ")).isEqualTo("johnsmith@gmail.com");
    assertThat(Normalizers.gmailEmail("j.o.h.n@googlemail.com")).isEqualTo("john@googlemail.com");
    assertThat(Normalizers.gmailEmail("john.smith+shop@gmail.com"))
        .isEqualTo("johnsmith+shop@gmail.com");
    assertThat(Normalizers.gmailEmail("John.Smith@example.com"))
        .isEqualTo("john.smith@example.com");
    assertThat(Normalizers.gmailEmail("john.smith@mail.gmail.com.evil.io"))
        .isEqualTo("john.smith@mail.gmail.com.evil.io");
  }

  @ParameterizedTest(name = "[{index}] {0} (country {1}) -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "(650)555-1212, us, 16505551212",
        "(650)555-1212, null, 16505551212",
        "650.555.1212, null, 16505551212",
        "+1 (650) 555-1212, us, 16505551212",
        "1-650-555-1212, null, 16505551212",
        "+44 844 412 4653, gb, 448444124653",
        "0044 844 412 4653, gb, 448444124653",
        "+44 (0)20 7946 0958, gb, 442079460958",
        // a national number of another country gets that country's calling code, not the US one
        "9876543210, in, 919876543210",
        "07911 123456, gb, 447911123456",
        "030 1234567, de, 49301234567",
        // Italy keeps the leading 0 of fixed lines after its calling code
        "06 1234 5678, it, 390612345678",
        // national trunk zero and no country: no calling code guessed; Meta drops leading zeros
        "0301234567, null, 301234567",
        "tel: +49 30 1234567, de, 49301234567",
        "12345, null, null",
        "+1234567890123456, null, null",
        "call me, null, null",
      })
  void phoneDigits(String raw, String country, String expected) {
    assertThat(Normalizers.phoneDigits(raw, country)).isEqualTo(expected);
  }

  @Test
  void phoneDigitsReadsNonAsciiDigits() {
    assertThat(Normalizers.phoneDigits("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧")).isEqualTo("971501234567");
  }

  @Test
  void phoneE164AddsPlusToTheSameDigits() {
    assertThat(Normalizers.phoneE164("(650) 555-1212")).isEqualTo("+16505551212");
    assertThat(Normalizers.phoneE164("+44 844 412 4653", "gb")).isEqualTo("+448444124653");
    assertThat(Normalizers.phoneE164("0044 844 412 4653", "gb")).isEqualTo("+448444124653");
    assertThat(Normalizers.phoneE164("123")).isNull();
    // E.164 with the country's code, not "+" before the national digits (+7911… is Russia)
    assertThat(Normalizers.phoneE164("07911 123456", "gb")).isEqualTo("+447911123456");
  }

  @Test
  void snapchatPhoneRemovesInternationalAndTrunkZeros() {
    assertThat(Normalizers.snapchatPhone("+44 844 412 4653")).isEqualTo("448444124653");
    assertThat(Normalizers.snapchatPhone("0044 844 412 4653")).isEqualTo("448444124653");
    assertThat(Normalizers.snapchatPhone("07911 123456", "gb")).isEqualTo("447911123456");
    assertThat(Normalizers.snapchatPhone("(650) 555-1212")).isEqualTo("16505551212");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mary|mary",
        "  Valéry |valéry",
        "O'Brien|obrien",
        "Mary-Jane|maryjane",
        "Mary   Ann|mary ann",
        "Dr. John|dr john",
        "ÉLODIE|élodie",
        "Ωμέγα|ωμέγα",
        "Łukasz|łukasz",
        "李|李",
        "...|",
      })
  void name(String raw, String expected) {
    assertThat(Normalizers.name(raw)).isEqualTo(expected);
  }

  @Test
  void nameComposesDecomposedAccentsSoBothSpellingsHashAlike() {
    assertThat(Normalizers.name("Vale\u0301ry")).isEqualTo("valéry");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "San Francisco|sanfrancisco",
        "  New York City |newyorkcity",
        "St. Louis|stlouis",
        "Winston-Salem|winstonsalem",
        "München|münchen",
        "Paris 75001|paris",
      })
  void city(String raw, String expected) {
    assertThat(Normalizers.city(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "California|ca",
        "CA|ca",
        " new york |ny",
        "District of Columbia|dc",
        "Washington D.C.|dc",
        "Washington|wa",
        "West Virginia|wv",
        "Puerto Rico|pr",
        "US-CA|ca",
        "DE-BY|by",
        "ENG|eng",
        "Bavaria|bavaria",
      })
  void state(String raw, String expected) {
    assertThat(Normalizers.state(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} (country {1}) -> {2}")
  @CsvSource(
      nullValues = "null",
      delimiter = '|',
      value = {
        "94103|us|94103",
        "94103-1234|us|94103",
        "94103-1234|null|94103",
        "941031234|us|94103",
        "941031234|null|941031234",
        " SW1A 1AA |gb|sw1a1aa",
        "K1A 0B1|ca|k1a0b1",
        "00-950|pl|00950",
        "01310-100|br|01310100",
        "1234 AB|nl|1234ab",
      })
  void zip(String raw, String country, String expected) {
    assertThat(Normalizers.zip(raw, country)).isEqualTo(expected);
  }

  @Test
  void zipDigitsOmitsAlphanumericPostcodes() {
    assertThat(Normalizers.zipDigits("94103-1234", "us")).isEqualTo("94103");
    assertThat(Normalizers.zipDigits("SW1A 1AA", "gb")).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "us|us",
        " US |us",
        "u.s.|us",
        "USA|us",
        "United States|us",
        "united states of america|us",
        "Germany|de",
        "DEU|de",
        "Deutschland|de",
        "United Kingdom|gb",
        "UK|gb",
        "GB|gb",
        "England|gb",
        "France|fr",
        "Côte d’Ivoire|ci",
        "Ivory Coast|ci",
        "Bosnia and Herzegovina|ba",
        "Bosnia & Herzegovina|ba",
        "South Korea|kr",
        "Myanmar|mm",
        "Hong Kong|hk",
        "Türkiye|tr",
        "Turkey|tr",
        "Czech Republic|cz",
        "St. Lucia|lc",
        "Saint Lucia|lc",
      })
  void country(String raw, String expected) {
    assertThat(Normalizers.country(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xx", "Atlantis", "zz", "123"})
  void unknownCountryIsOmitted(String raw) {
    assertThat(Normalizers.country(raw)).isNull();
  }

  @Test
  void everyIsoCountryCodeMapsToItself() {
    Arrays.stream(java.util.Locale.getISOCountries())
        .forEach(c -> assertThat(Normalizers.country(c)).isEqualTo(c.toLowerCase()));
  }

  @Test
  void gender() {
    assertThat(Normalizers.gender("Female")).isEqualTo("f");
    assertThat(Normalizers.gender(" M ")).isEqualTo("m");
    assertThat(Normalizers.gender("male")).isEqualTo("m");
    assertThat(Normalizers.gender("non-binary")).isNull();
    assertThat(Normalizers.gender("x")).isNull();
    assertThat(Normalizers.genderMfn("non-binary")).isEqualTo("n");
    assertThat(Normalizers.genderMfn("F")).isEqualTo("f");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      delimiter = '|',
      value = {
        "19900522|19900522",
        "1990-05-22|19900522",
        "1990/05/22|19900522",
        " 1990-5-2 |19900502",
        "2000-02-29|20000229",
        "1999-02-29|null",
        "1990-13-01|null",
        "22/05/1990|null",
        "05/22/1990|null",
        "1990-05/22|null",
        "May 22 1990|null",
      })
  void dateOfBirth(String raw, String expected) {
    assertThat(Normalizers.dateOfBirth(raw)).isEqualTo(expected);
  }

  @Test
  void externalIdTrimsAndLowercases() {
    assertThat(Normalizers.externalId("  CUST_123 ")).isEqualTo("cust_123");
    assertThat(Normalizers.trim("  CUST_123 ")).isEqualTo("CUST_123");
  }

  @Test
  void rawIsExactlyWhatWasSent() {
    assertThat(Normalizers.raw("fb.1.1554763741205.AbCdEf.Xy1"))
        .isEqualTo("fb.1.1554763741205.AbCdEf.Xy1");
    assertThat(Normalizers.raw(" x ")).isEqualTo(" x ");
  }
}
