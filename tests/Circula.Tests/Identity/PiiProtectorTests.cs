using System.Security.Cryptography;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Identity;

public sealed class PiiProtectorTests
{
    private static PiiProtector Protector(string encryptionKey = CirculaServer.PiiEncryptionKey, string hashKey = CirculaServer.PiiHashKey) =>
        new(Options.Create(new PiiOptions { EncryptionKey = encryptionKey, HashKey = hashKey }));

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData("13812345678")]
    [InlineData("北京市朝阳区建国路88号 🏠")]
    [InlineData("")]
    public void Encrypt_then_decrypt_gives_the_value_back_and_never_shows_it(string value)
    {
        var pii = Protector();
        var first = pii.Encrypt(value);
        var second = pii.Encrypt(value);

        Assert.Equal(value, pii.Decrypt(first));
        Assert.NotEqual(first, second);
        Assert.Equal(1, Convert.FromBase64String(first)[0]);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, first, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Any_changed_byte_is_detected()
    {
        var pii = Protector();
        var stored = Convert.FromBase64String(pii.Encrypt("13812345678"));
        for (var i = 1; i < stored.Length; i++)
        {
            var tampered = (byte[])stored.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => pii.Decrypt(Convert.ToBase64String(tampered)));
        }
    }

    [Fact]
    public void Another_key_an_unknown_version_and_a_truncated_value_cannot_be_decrypted()
    {
        var stored = Protector().Encrypt("13812345678");
        Assert.ThrowsAny<CryptographicException>(() => Protector(encryptionKey: RandomKey()).Decrypt(stored));

        var bytes = Convert.FromBase64String(stored);
        bytes[0] = 2;
        Assert.ThrowsAny<CryptographicException>(() => Protector().Decrypt(Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => Protector().Decrypt(Convert.ToBase64String(bytes[..20])));
    }

    [Fact]
    public void The_hash_is_stable_trims_input_and_depends_on_the_key()
    {
        var pii = Protector();
        Assert.Equal(pii.Hash("13812345678"), pii.Hash(" 13812345678 "));
        Assert.NotEqual(pii.Hash("13812345678"), pii.Hash("13812345679"));
        Assert.NotEqual(pii.Hash("13812345678"), Protector(hashKey: RandomKey()).Hash("13812345678"));
        Assert.Matches("^[0-9a-f]{64}$", pii.Hash("13812345678"));
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("1234567", "****")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Phones_are_masked_in_the_middle(string? phone, string expected) => Assert.Equal(expected, PiiMask.Phone(phone));

    [Theory]
    [InlineData("建国路88号SOHO现代城A座1201", "建国路****")]
    [InlineData("幸福路1号", "幸福****")]
    [InlineData("🏠🏠🏠🏠🏠🏠", "🏠🏠🏠****")]
    [InlineData("A", "****")]
    [InlineData(null, "")]
    public void Address_details_keep_only_their_first_characters(string? detail, string expected) => Assert.Equal(expected, PiiMask.Detail(detail));
}
