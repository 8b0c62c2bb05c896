package dev.tracklayer.core.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.IdentityRuleSet;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The eligibility checks ask {@link IdentityRuleSet#keys} (no hashing) which identifiers an event
 * has; the request is built from {@link IdentityRuleSet#apply}. The two must agree for every rule
 * set an adapter uses, or an event is skipped that the platform could match (or sent without an
 * identifier).
 */
class IdentityKeysProperties {
  private static final List<IdentityRuleSet> RULE_SETS =
      List.of(
          IdentityRuleSet.META,
          IdentityRuleSet.TIKTOK,
          IdentityRuleSet.GOOGLE,
          IdentityRuleSet.SNAPCHAT,
          IdentityRuleSet.PINTEREST,
          XAdapter.RULES,
          LinkedInAdapter.RULES);

  /** Values that normalize to something, to nothing, or are already hashed. */
  private static final List<String> VALUES =
      List.of(
          "",
          "   ",
          "Jane.Doe+promo@Example.COM ",
          "not-an-email",
          "@",
          "+1 (555) 123-4567",
          "555",
          "abc",
          "0044 20 7946 0958",
          "Zoë",
          "  O'Brien-Smith ",
          "f",
          "Male",
          "x",
          "1990-02-28",
          "19900228",
          "13/45/2020",
          "New York",
          "CA",
          "California",
          "??",
          "94103-1234",
          "SW1A 1AA",
          "!!!",
          "US",
          "gb",
          "Germany",
          "zz",
          "cust-42",
          "203.0.113.7",
          "2001:db8::1",
          "Mozilla/5.0 (X11; Linux x86_64)",
          "fb.1.1700000000000.123456789",
          "fb.1.1700000000000.AbCdEf",
          "E.C.P.v3q",
          "b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78",
          "B5D4045C3F466FA91FE2CC6ABE79232A1A57CDF104F7A26E716E0A1E2789DF78",
          "ÿ\u0000\t\n");

  @Property(tries = 3_000, generation = GenerationMode.RANDOMIZED)
  void keysAreWhatApplyEmits(@ForAll @LongRange long seed) throws IllegalAccessException {
    Random random = new Random(seed);
    UserData u = new UserData();
    fill(u, random);
    if (random.nextInt(4) > 0) {
      u.browserIds = new BrowserIds();
      fill(u.browserIds, random);
    }
    for (IdentityRuleSet rules : RULE_SETS) {
      assertThat(rules.keys(u)).as(rules.name() + " for " + u).isEqualTo(rules.apply(u).keySet());
    }
  }

  /** Every String and List field, so a field added later is covered too. */
  private static void fill(Object target, Random random) throws IllegalAccessException {
    for (Field f : target.getClass().getFields()) {
      if (Modifier.isStatic(f.getModifiers()) || random.nextInt(3) == 0) {
        continue; // absent
      }
      if (f.getType() == String.class) {
        f.set(target, VALUES.get(random.nextInt(VALUES.size())));
      } else if (f.getType() == List.class) {
        List<String> values = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          values.add(VALUES.get(random.nextInt(VALUES.size())));
        }
        f.set(target, values);
      }
    }
  }
}
