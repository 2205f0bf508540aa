using System.Text;
using Circula.Payments.Alipay;
using Circula.Payments.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>The official notification vector: what Alipay really signed must verify, and nothing else may.</summary>
public sealed class AlipayNotificationVectorTests
{
    private readonly AlipayNotificationVerifier _verifier;

    public AlipayNotificationVectorTests()
    {
        var options = AlipayTestKeys.Options();
        options.AppId = "2019073166072302";
        options.AlipayPublicKey = AlipayVector.AlipayPublicKey;
        _verifier = new AlipayNotificationVerifier(AlipayTestKeys.Keys(options), Options.Create(options));
    }

    [Fact]
    public void The_sign_content_is_the_vectors_byte_for_byte()
    {
        var content = AlipaySignContent.Build(AlipayVector.Fields()!, AlipaySignContent.NotificationExclusions);

        Assert.Equal(AlipayVector.SignContent, content);
        Assert.Equal(Encoding.UTF8.GetBytes(AlipayVector.SignContent), Encoding.UTF8.GetBytes(content));
    }

    [Fact]
    public void The_official_notification_verifies()
    {
        Assert.Equal(AlipayCheck.Passed, _verifier.Verify(AlipayVector.Fields()));
        using var publicKey = AlipayVector.PublicKey();
        Assert.True(AlipaySigner.Verify(AlipayVector.SignContent, AlipayVector.Sign, publicKey));
    }

    [Fact]
    public void It_fails_when_sign_type_is_signed_too_which_is_why_it_is_excluded()
    {
        using var publicKey = AlipayVector.PublicKey();
        var withSignType = AlipaySignContent.Build(AlipayVector.Fields()!, AlipaySignContent.RequestExclusions);

        Assert.Contains("sign_type=RSA2", withSignType, StringComparison.Ordinal);
        Assert.False(AlipaySigner.Verify(withSignType, AlipayVector.Sign, publicKey));
    }

    [Fact]
    public void The_url_encoded_form_as_alipay_posts_it_verifies_after_form_parsing()
    {
        var body = AlipayGateway.UrlEncode(AlipayVector.Fields()).Replace("%20", "+", StringComparison.Ordinal);
        var form = new FormCollection(new FormReader(body).ReadForm());

        Assert.Equal("语雀空间 500人规模", form["subject"]);
        Assert.Equal(AlipayCheck.Passed, _verifier.Verify(AlipayNotify.TryReadFields(form)!));
    }

    [Fact]
    public void Changing_any_character_of_any_field_name_or_value_fails()
    {
        var attempts = 0;
        foreach (var key in AlipayVector.Fields().Keys.Where(k => k is not ("sign" or "sign_type")))
        {
            var original = AlipayVector.Fields()[key];
            for (var i = 0; i < original.Length; i++)
            {
                var fields = AlipayVector.Fields();
                fields[key] = Flip(original, i);
                Assert.Equal(AlipayCheck.SignatureInvalid, _verifier.Verify(fields).Failure);
                attempts++;
            }

            for (var i = 0; i < key.Length; i++)
            {
                var fields = AlipayVector.Fields();
                fields.Remove(key);
                fields[Flip(key, i)] = original;
                Assert.Equal(AlipayCheck.SignatureInvalid, _verifier.Verify(fields).Failure);
                attempts++;
            }
        }

        Assert.True(attempts > AlipayVector.SignContent.Length - 100, $"only {attempts} changes were tried");
    }

    [Fact]
    public void Changing_any_character_of_the_signature_fails()
    {
        for (var i = 0; i < AlipayVector.Sign.Length; i++)
        {
            var fields = AlipayVector.Fields();
            fields["sign"] = Flip(AlipayVector.Sign, i);
            Assert.Equal(AlipayCheck.SignatureInvalid, _verifier.Verify(fields).Failure);
        }
    }

    [Fact]
    public void Adding_a_field_or_dropping_one_fails()
    {
        var added = AlipayVector.Fields();
        added["refund_fee"] = "0.10";
        Assert.Equal(AlipayCheck.SignatureInvalid, _verifier.Verify(added).Failure);

        var dropped = AlipayVector.Fields();
        dropped.Remove("buyer_id");
        Assert.Equal(AlipayCheck.SignatureInvalid, _verifier.Verify(dropped).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_signature_it_is_missing_signature(string? sign)
    {
        Assert.Equal(AlipayCheck.MissingSignature, _verifier.Verify(AlipayVector.FieldsWith("sign", sign)).Failure);
    }

    [Theory]
    [InlineData("RSA")]
    [InlineData("rsa2")]
    [InlineData("SM2")]
    [InlineData("")]
    [InlineData(null)]
    public void A_sign_type_other_than_rsa2_is_refused(string? signType)
    {
        Assert.Equal(AlipayCheck.UnsupportedSignType, _verifier.Verify(AlipayVector.FieldsWith("sign_type", signType)).Failure);
    }

    [Fact]
    public void A_field_sent_twice_is_refused_by_the_form_reader_before_any_signature_check()
    {
        var body = AlipayGateway.UrlEncode(AlipayVector.Fields()) + "&total_amount=1000.00";
        var form = new FormCollection(new FormReader(body).ReadForm());

        Assert.Null(AlipayNotify.TryReadFields(form));
    }

    [Fact]
    public void The_trade_check_compares_app_id_out_trade_no_and_the_amount_in_fen()
    {
        var fields = AlipayVector.Fields();
        Assert.Equal(AlipayCheck.Passed, _verifier.CheckTrade(fields, "20190815155618536-564-57", 10));
        Assert.Equal(AlipayCheck.AmountMismatch, _verifier.CheckTrade(fields, "20190815155618536-564-57", 11).Failure);
        Assert.Equal(AlipayCheck.OutTradeNoMismatch, _verifier.CheckTrade(fields, "20190815155618536-564-58", 10).Failure);
        Assert.Equal(AlipayCheck.AppIdMismatch,
            AlipayNotificationVerifier.CheckTrade(fields, "2021000000000001", "20190815155618536-564-57", 10).Failure);

        fields["total_amount"] = "0.100";
        Assert.Equal(AlipayCheck.AmountInvalid, _verifier.CheckTrade(fields, "20190815155618536-564-57", 10).Failure);
    }

    [Fact]
    public void The_vector_parses_into_a_typed_notification()
    {
        var notification = AlipayNotification.Parse(AlipayVector.Fields(), out var problem);

        Assert.Null(problem);
        Assert.NotNull(notification);
        Assert.Equal("2019081500222155624068450559358070", notification.NotifyId);
        Assert.Equal(new DateTimeOffset(2019, 8, 15, 7, 56, 25, TimeSpan.Zero), notification.NotifyTime);
        Assert.Equal(TimeSpan.Zero, notification.NotifyTime.Offset);
        Assert.Equal("trade_status_sync", notification.NotifyType);
        Assert.Equal("2019073166072302", notification.AppId);
        Assert.Equal(AlipayTradeStatus.TradeSuccess, notification.TradeStatus);
        Assert.Equal("20190815155618536-564-57", notification.OutTradeNo);
        Assert.Equal("2019081522001468450512505578", notification.TradeNo);
        Assert.Equal(10, notification.TotalFen);
        Assert.Equal(10, notification.ReceiptFen);
        Assert.Equal(10, notification.BuyerPayFen);
        Assert.Null(notification.RefundFen);
        Assert.Equal("2088102534368455", notification.BuyerId);
        Assert.Equal("2088531891668739", notification.SellerId);
        Assert.Equal(new DateTimeOffset(2019, 8, 15, 7, 56, 22, TimeSpan.Zero), notification.GmtCreate);
        Assert.Equal(new DateTimeOffset(2019, 8, 15, 7, 56, 24, TimeSpan.Zero), notification.GmtPayment);
        Assert.Null(notification.GmtClose);
    }

    [Theory]
    [InlineData("notify_id", null, "notify_id is missing")]
    [InlineData("out_trade_no", "", "out_trade_no is missing")]
    [InlineData("total_amount", "0.1O", "total_amount is not a yuan amount")]
    [InlineData("notify_time", "2019-08-15T15:56:25", "notify_time is not yyyy-MM-dd HH:mm:ss")]
    [InlineData("gmt_payment", "15/08/2019", "gmt_payment is not yyyy-MM-dd HH:mm:ss")]
    [InlineData("receipt_amount", "-0.10", "receipt_amount is not a yuan amount")]
    public void A_missing_or_malformed_field_is_named(string field, string? value, string expected)
    {
        Assert.Null(AlipayNotification.Parse(AlipayVector.FieldsWith(field, value), out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void An_unknown_trade_status_is_kept_as_unknown()
    {
        var fields = AlipayVector.Fields();
        fields["trade_status"] = "TRADE_PENDING";
        Assert.Equal(AlipayTradeStatus.Unknown, AlipayNotification.Parse(fields, out _)?.TradeStatus);
    }

    private static string Flip(string text, int index)
    {
        var chars = text.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'g' : 'A';
        return new string(chars);
    }
}
