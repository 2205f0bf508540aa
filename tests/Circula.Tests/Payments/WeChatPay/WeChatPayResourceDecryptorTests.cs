using System.Text;
using Circula.Payments.WeChatPay;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>AEAD_AES_256_GCM: the SDK vectors (test-vectors.md §A e, f) decrypt; any tampering is a typed failure.</summary>
public sealed class WeChatPayResourceDecryptorTests
{
    private static WeChatPayResourceDecryptor Decryptor(string key) => new(Encoding.ASCII.GetBytes(key));

    private static WeChatPayEncryptedResource JavaVector => new("AEAD_AES_256_GCM", "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", "uluk4a9R25RW", "associatedData");

    private static WeChatPayDecryption DecryptJava(WeChatPayEncryptedResource resource, string key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb") =>
        Decryptor(key).Decrypt(resource);

    [Fact]
    public void The_java_sdk_vector_decrypts_with_a_32_byte_key()
    {
        var result = DecryptJava(JavaVector);

        Assert.True(result.Succeeded);
        Assert.Equal("message", result.Plaintext);
    }

    [Fact]
    public void The_go_sdk_vector_decrypts_with_its_16_byte_key()
    {
        var result = Decryptor("testAPIv3Key0000").Decrypt("FsdXzxryWfKwvLJKf8LG/ToRPTRh8RN9wROC", "Dl56FrqWQJF1t9LtC3vEUsniZKvbqdR8", "wCq51qZv4Yfg");

        Assert.Equal(WeChatPayDecryptionFailure.None, result.Failure);
        Assert.Equal("Hello World", result.Plaintext);
    }

    [Fact]
    public void The_official_callback_resource_decrypts_to_the_expected_plaintext()
    {
        var result = Decryptor(WeChatPayVectors.CallbackApiV3Key).Decrypt(
            "YDS3lKPaC4Y52Gf3uhft5qUBlIa8b428AWTtTauHQfQrRw+X1WpiuHIDy0vo1Vd6VEq67aVyqPdDYMkRVSDaZL3iZttevRMOoPKMifozg6XPWjIZumks/GpT48lI4NizyeaqLBokNebthah3o1H76qSlO9NkDjp9bzmKLEYYH9TEklFUpsvPqOTOcgSLgh21YJXYR7dEBXFgRLiNIKRgO5JdXh1hccRUAlyVWxE54PXpnQ==",
            "payscore", "Kj7QIyUiYx1q");

        Assert.Equal(WeChatPayVectors.CallbackPlaintext, result.Plaintext);
    }

    [Fact]
    public void A_flipped_ciphertext_bit_fails_authentication()
    {
        var data = Convert.FromBase64String(JavaVector.Ciphertext);
        data[0] ^= 1;

        var result = DecryptJava(JavaVector with { Ciphertext = Convert.ToBase64String(data) });

        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, result.Failure);
        Assert.Equal("decryption_failed", result.Code);
        Assert.Null(result.Plaintext);
    }

    [Fact]
    public void A_flipped_tag_bit_fails_authentication()
    {
        var data = Convert.FromBase64String(JavaVector.Ciphertext);
        data[^1] ^= 0x80;

        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, DecryptJava(JavaVector with { Ciphertext = Convert.ToBase64String(data) }).Failure);
    }

    [Fact]
    public void Changed_associated_data_nonce_or_key_fail_authentication()
    {
        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, DecryptJava(JavaVector with { AssociatedData = "associatedDatA" }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, DecryptJava(JavaVector with { AssociatedData = null }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, DecryptJava(JavaVector with { Nonce = "uluk4a9R25RX" }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.AuthenticationFailed, DecryptJava(JavaVector, key: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gc").Failure);
    }

    [Fact]
    public void Truncated_or_garbled_resources_and_other_algorithms_are_refused_without_decrypting()
    {
        var shortData = Convert.ToBase64String(Convert.FromBase64String(JavaVector.Ciphertext)[..15]);

        Assert.Equal(WeChatPayDecryptionFailure.ResourceMalformed, DecryptJava(JavaVector with { Ciphertext = shortData }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.ResourceMalformed, DecryptJava(JavaVector with { Ciphertext = "not base64!" }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.ResourceMalformed, DecryptJava(JavaVector with { Nonce = "uluk4a9R25R" }).Failure);
        Assert.Equal(WeChatPayDecryptionFailure.AlgorithmUnsupported, DecryptJava(JavaVector with { Algorithm = "AEAD_SM4_GCM" }).Failure);
        Assert.Throws<ArgumentException>(() => Decryptor("too short"));
    }
}
