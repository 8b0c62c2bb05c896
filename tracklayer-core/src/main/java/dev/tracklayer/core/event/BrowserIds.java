package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Browser and click identifiers captured by the pixel. Values are opaque platform tokens: they are
 * forwarded unmodified, never normalized or hashed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrowserIds {

  /** Meta browser id ({@code _fbp} cookie). */
  @JsonProperty("fbp")
  public String fbp;

  /** Meta click id ({@code _fbc} cookie or built from fbclid); forwarded byte for byte. */
  @JsonProperty("fbc")
  public String fbc;

  /** TikTok browser id ({@code _ttp} cookie). */
  @JsonProperty("ttp")
  public String ttp;

  @JsonProperty("ttclid")
  public String ttclid;

  @JsonProperty("gclid")
  public String gclid;

  @JsonProperty("gbraid")
  public String gbraid;

  @JsonProperty("wbraid")
  public String wbraid;

  @JsonProperty("msclkid")
  public String msclkid;

  /** Snapchat click id (the {@code ScCid} URL parameter). */
  @JsonProperty("sc_click_id")
  public String scClickId;

  /** Pinterest click id ({@code _epik}). */
  @JsonProperty("epik")
  public String epik;

  @JsonProperty("rdt_cid")
  public String rdtCid;

  @JsonProperty("li_fat_id")
  public String liFatId;

  @JsonProperty("twclid")
  public String twclid;

  public BrowserIds() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BrowserIds other)) {
      return false;
    }
    return Objects.equals(fbp, other.fbp)
        && Objects.equals(fbc, other.fbc)
        && Objects.equals(ttp, other.ttp)
        && Objects.equals(ttclid, other.ttclid)
        && Objects.equals(gclid, other.gclid)
        && Objects.equals(gbraid, other.gbraid)
        && Objects.equals(wbraid, other.wbraid)
        && Objects.equals(msclkid, other.msclkid)
        && Objects.equals(scClickId, other.scClickId)
        && Objects.equals(epik, other.epik)
        && Objects.equals(rdtCid, other.rdtCid)
        && Objects.equals(liFatId, other.liFatId)
        && Objects.equals(twclid, other.twclid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        fbp, fbc, ttp, ttclid, gclid, gbraid, wbraid, msclkid, scClickId, epik, rdtCid, liFatId,
        twclid);
  }

  /** Names the fields that are set, never their values: this is personal data. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("BrowserIds{");
    String sep = "";
    if (fbp != null) {
      sb.append(sep).append("fbp");
      sep = ",";
    }
    if (fbc != null) {
      sb.append(sep).append("fbc");
      sep = ",";
    }
    if (ttp != null) {
      sb.append(sep).append("ttp");
      sep = ",";
    }
    if (ttclid != null) {
      sb.append(sep).append("ttclid");
      sep = ",";
    }
    if (gclid != null) {
      sb.append(sep).append("gclid");
      sep = ",";
    }
    if (gbraid != null) {
      sb.append(sep).append("gbraid");
      sep = ",";
    }
    if (wbraid != null) {
      sb.append(sep).append("wbraid");
      sep = ",";
    }
    if (msclkid != null) {
      sb.append(sep).append("msclkid");
      sep = ",";
    }
    if (scClickId != null) {
      sb.append(sep).append("sc_click_id");
      sep = ",";
    }
    if (epik != null) {
      sb.append(sep).append("epik");
      sep = ",";
    }
    if (rdtCid != null) {
      sb.append(sep).append("rdt_cid");
      sep = ",";
    }
    if (liFatId != null) {
      sb.append(sep).append("li_fat_id");
      sep = ",";
    }
    if (twclid != null) {
      sb.append(sep).append("twclid");
      sep = ",";
    }
    return sb.append('}').toString();
  }
}
