using System.Security.Cryptography;
using Circula.Payments.Alipay;

namespace Circula.Tests.Payments.Alipay;

public sealed class AlipaySignerTests : IDisposable
{
    private const string Content = "app_id=2021000000000001&biz_content={\"subject\":\"旧书 二手\"}&method=alipay.trade.query&sign_type=RSA2";

    [Fact]
    public void A_signature_made_with_the_private_key_verifies_with_the_public_key_only()
    {
        var signature = AlipaySigner.Sign(Content, AlipayTestKeys.App);

        Assert.Equal(344, signature.Length);
        Assert.True(AlipaySigner.Verify(Content, signature, AlipayTestKeys.App));
        Assert.False(AlipaySigner.Verify(Content + "&x=1", signature, AlipayTestKeys.App));
        Assert.False(AlipaySigner.Verify(Content, signature, AlipayTestKeys.Stranger));
        Assert.False(AlipaySigner.Verify(Content, "not base64!", AlipayTestKeys.App));
        Assert.False(AlipaySigner.Verify(Content, null, AlipayTestKeys.App));
    }

    [Fact]
    public void Rsa2_is_sha256_with_pkcs1_v15_padding_which_is_deterministic()
    {
        var signature = AlipaySigner.Sign(Content, AlipayTestKeys.App);

        Assert.Equal(signature, AlipaySigner.Sign(Content, AlipayTestKeys.App));
        Assert.True(AlipayTestKeys.App.VerifyData(System.Text.Encoding.UTF8.GetBytes(Content), Convert.FromBase64String(signature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public static TheoryData<string> PrivateKeyForms() => new()
    {
        "pkcs8-pem", "pkcs1-pem", "pkcs8-base64", "pkcs1-base64", "pkcs8-base64-wrapped", "pkcs8-pem-file", "pkcs1-base64-file",
    };

    [Theory]
    [MemberData(nameof(PrivateKeyForms))]
    public void Private_keys_are_read_as_pem_bare_base64_pkcs8_or_pkcs1_or_from_a_file(string form)
    {
        var key = AlipayTestKeys.App;
        var text = form switch
        {
            "pkcs8-pem" => key.ExportPkcs8PrivateKeyPem(),
            "pkcs1-pem" => key.ExportRSAPrivateKeyPem(),
            "pkcs8-base64" => Convert.ToBase64String(key.ExportPkcs8PrivateKey()),
            "pkcs1-base64" => Convert.ToBase64String(key.ExportRSAPrivateKey()),
            "pkcs8-base64-wrapped" => Convert.ToBase64String(key.ExportPkcs8PrivateKey(), Base64FormattingOptions.InsertLineBreaks),
            "pkcs8-pem-file" => TempFile(key.ExportPkcs8PrivateKeyPem()),
            "pkcs1-base64-file" => TempFile(Convert.ToBase64String(key.ExportRSAPrivateKey())),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        using var read = AlipayKeyReader.TryReadPrivateKey(text, out var error);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.True(AlipaySigner.Verify(Content, AlipaySigner.Sign(Content, read), key));
    }

    [Theory]
    [InlineData("spki-pem")]
    [InlineData("spki-base64")]
    [InlineData("pkcs1-pem")]
    [InlineData("spki-pem-file")]
    public void Public_keys_are_read_as_pem_bare_base64_or_from_a_file(string form)
    {
        var key = AlipayTestKeys.Alipay;
        var text = form switch
        {
            "spki-pem" => key.ExportSubjectPublicKeyInfoPem(),
            "spki-base64" => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            "pkcs1-pem" => key.ExportRSAPublicKeyPem(),
            "spki-pem-file" => TempFile(key.ExportSubjectPublicKeyInfoPem()),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        using var read = AlipayKeyReader.TryReadPublicKey(text, out var error);

        Assert.Null(error);
        Assert.NotNull(read);
        Assert.True(AlipaySigner.Verify(Content, AlipaySigner.Sign(Content, key), read));
        Assert.False(AlipaySigner.Verify(Content, AlipaySigner.Sign(Content, AlipayTestKeys.Stranger), read));
    }

    [Fact]
    public void The_official_vector_public_key_is_read_as_bare_base64()
    {
        using var read = AlipayKeyReader.TryReadPublicKey(AlipayVector.AlipayPublicKey, out var error);

        Assert.Null(error);
        Assert.True(AlipaySigner.Verify(AlipayVector.SignContent, AlipayVector.Sign, read!));
    }

    /// <summary>Files written by this test class, removed with it.</summary>
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("alipay-key-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string TempFile(string text)
    {
        var path = Path.Combine(_folder.FullName, "key.pem");
        File.WriteAllText(path, text);
        return path;
    }
}
