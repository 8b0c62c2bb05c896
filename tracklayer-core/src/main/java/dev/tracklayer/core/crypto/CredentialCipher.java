package dev.tracklayer.core.crypto;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for platform credentials at rest and in the config topic. Output is nonce (12 bytes)
 * followed by ciphertext and tag; the merchant id is bound as associated data so a ciphertext
 * cannot be moved to another merchant's connection.
 */
public final class CredentialCipher implements Serializable {
  public static final String KEY_ENV = "TRACKLAYER_CREDENTIALS_KEY";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  /** {@code base64Key} decodes to 32 bytes. */
  public CredentialCipher(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException(KEY_ENV + " is not set");
    }
    byte[] decoded = Base64.getDecoder().decode(base64Key.trim());
    if (decoded.length != 32) {
      throw new IllegalArgumentException(KEY_ENV + " must be 32 bytes, base64-encoded");
    }
    this.key = decoded;
  }

  public static CredentialCipher fromEnvironment() {
    return new CredentialCipher(System.getenv(KEY_ENV));
  }

  public byte[] encrypt(String plaintext, String merchantId) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, merchantId);
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Throws {@link IllegalArgumentException} when the data was not sealed by this key. */
  public String decrypt(byte[] data, String merchantId) {
    if (data == null || data.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("not a credential ciphertext");
    }
    try {
      byte[] nonce = java.util.Arrays.copyOf(data, NONCE_BYTES);
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, merchantId);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("credentials cannot be decrypted with this key", e);
    }
  }

  public String encryptToBase64(String plaintext, String merchantId) {
    return Base64.getEncoder().encodeToString(encrypt(plaintext, merchantId));
  }

  public String decryptBase64(String data, String merchantId) {
    return decrypt(Base64.getDecoder().decode(data), merchantId);
  }

  private Cipher cipher(int mode, byte[] nonce, String merchantId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(merchantId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "CredentialCipher[key hidden]";
  }
}
