package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * Identity as the client sent it: raw, un-normalized, un-hashed (or pre-hashed by the client).
 * Normalization and hashing happen per destination in {@code dev.tracklayer.core.identity}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserData {

  @JsonProperty("email")
  public String email;

  /** Ideally E.164; a bare 10-digit NANP number is read as US (see identity). */
  @JsonProperty("phone")
  public String phone;

  @JsonProperty("gender")
  public String gender;

  /** Preferably YYYYMMDD; YYYY-MM-DD and YYYY/MM/DD are accepted. */
  @JsonProperty("date_of_birth")
  public String dateOfBirth;

  @JsonProperty("first_name")
  public String firstName;

  @JsonProperty("last_name")
  public String lastName;

  @JsonProperty("city")
  public String city;

  @JsonProperty("state")
  public String state;

  @JsonProperty("zip")
  public String zip;

  /** Alias of zip; zip wins when both are set. */
  @JsonProperty("postal_code")
  public String postalCode;

  /** Preferably ISO 3166-1 alpha-2. */
  @JsonProperty("country")
  public String country;

  @JsonProperty("customer_id")
  public String customerId;

  @JsonProperty("external_ids")
  public List<String> externalIds;

  @JsonProperty("client_ip")
  public String clientIp;

  /** Alias of client_ip; client_ip wins when both are set. */
  @JsonProperty("ip")
  public String ip;

  @JsonProperty("user_agent")
  public String userAgent;

  @JsonProperty("browser_ids")
  public BrowserIds browserIds;

  /** Mobile advertiser id (IDFA/GAID). */
  @JsonProperty("madid")
  public String madid;

  @JsonProperty("fb_login_id")
  public String fbLoginId;

  @JsonProperty("subscription_id")
  public String subscriptionId;

  @JsonProperty("lead_id")
  public String leadId;

  @JsonProperty("anon_id")
  public String anonId;

  @JsonProperty("ctwa_clid")
  public String ctwaClid;

  public UserData() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UserData other)) {
      return false;
    }
    return Objects.equals(email, other.email)
        && Objects.equals(phone, other.phone)
        && Objects.equals(gender, other.gender)
        && Objects.equals(dateOfBirth, other.dateOfBirth)
        && Objects.equals(firstName, other.firstName)
        && Objects.equals(lastName, other.lastName)
        && Objects.equals(city, other.city)
        && Objects.equals(state, other.state)
        && Objects.equals(zip, other.zip)
        && Objects.equals(postalCode, other.postalCode)
        && Objects.equals(country, other.country)
        && Objects.equals(customerId, other.customerId)
        && Objects.equals(externalIds, other.externalIds)
        && Objects.equals(clientIp, other.clientIp)
        && Objects.equals(ip, other.ip)
        && Objects.equals(userAgent, other.userAgent)
        && Objects.equals(browserIds, other.browserIds)
        && Objects.equals(madid, other.madid)
        && Objects.equals(fbLoginId, other.fbLoginId)
        && Objects.equals(subscriptionId, other.subscriptionId)
        && Objects.equals(leadId, other.leadId)
        && Objects.equals(anonId, other.anonId)
        && Objects.equals(ctwaClid, other.ctwaClid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        email,
        phone,
        gender,
        dateOfBirth,
        firstName,
        lastName,
        city,
        state,
        zip,
        postalCode,
        country,
        customerId,
        externalIds,
        clientIp,
        ip,
        userAgent,
        browserIds,
        madid,
        fbLoginId,
        subscriptionId,
        leadId,
        anonId,
        ctwaClid);
  }

  /** Names the fields that are set, never their values: this is personal data. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("UserData{");
    String sep = "";
    if (email != null) {
      sb.append(sep).append("email");
      sep = ",";
    }
    if (phone != null) {
      sb.append(sep).append("phone");
      sep = ",";
    }
    if (gender != null) {
      sb.append(sep).append("gender");
      sep = ",";
    }
    if (dateOfBirth != null) {
      sb.append(sep).append("date_of_birth");
      sep = ",";
    }
    if (firstName != null) {
      sb.append(sep).append("first_name");
      sep = ",";
    }
    if (lastName != null) {
      sb.append(sep).append("last_name");
      sep = ",";
    }
    if (city != null) {
      sb.append(sep).append("city");
      sep = ",";
    }
    if (state != null) {
      sb.append(sep).append("state");
      sep = ",";
    }
    if (zip != null) {
      sb.append(sep).append("zip");
      sep = ",";
    }
    if (postalCode != null) {
      sb.append(sep).append("postal_code");
      sep = ",";
    }
    if (country != null) {
      sb.append(sep).append("country");
      sep = ",";
    }
    if (customerId != null) {
      sb.append(sep).append("customer_id");
      sep = ",";
    }
    if (externalIds != null) {
      sb.append(sep).append("external_ids");
      sep = ",";
    }
    if (clientIp != null) {
      sb.append(sep).append("client_ip");
      sep = ",";
    }
    if (ip != null) {
      sb.append(sep).append("ip");
      sep = ",";
    }
    if (userAgent != null) {
      sb.append(sep).append("user_agent");
      sep = ",";
    }
    if (browserIds != null) {
      sb.append(sep).append("browser_ids");
      sep = ",";
    }
    if (madid != null) {
      sb.append(sep).append("madid");
      sep = ",";
    }
    if (fbLoginId != null) {
      sb.append(sep).append("fb_login_id");
      sep = ",";
    }
    if (subscriptionId != null) {
      sb.append(sep).append("subscription_id");
      sep = ",";
    }
    if (leadId != null) {
      sb.append(sep).append("lead_id");
      sep = ",";
    }
    if (anonId != null) {
      sb.append(sep).append("anon_id");
      sep = ",";
    }
    if (ctwaClid != null) {
      sb.append(sep).append("ctwa_clid");
      sep = ",";
    }
    return sb.append('}').toString();
  }
}
