using System.Security.Cryptography;

namespace Circula.Tests.Payments.Alipay;

/// <summary>
/// The official asynchronous-notification vector (alipay-sdk-nodejs-all test/alipay.test.ts), byte for byte from
/// shared/guide/test-vectors.md §B: a real TRADE_SUCCESS notification, Alipay's public key and its signature.
/// </summary>
public static class AlipayVector
{
    public const string AlipayPublicKey =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqObrdC7hrgAVM98tK0nv3hSQRGGKT4lBsQjHiGjeYZjOPIPHR5knm2jnnz/YGIXIofVHkA/tAlBAd5DrY7YpvI4tP5EONLtZKC2ghBMx7McI2wRD0xiqzxOQr1FuhZGJ8/AUokBzJrzY+aGX2xcOrxFYRlFilvVLTXg4LWjR1tdPkO6+i7wQZAIVMClPkwVRZEbaERRHlKqTzv2gGv5rDU8gRoe1LeaN+6BlbTqHWkQcNCUNrA8C6l17XAXGKDsm/9TFWwO8EPHHHCaQdjtV5/FdcWIt+L8SR1ss7EXTjYDFtxcKVv9rEoY1lX8T4mX+GbXfZHraG5NCF1+XioL5JwIDAQAB";

    public const string SignContent =
        "app_id=2019073166072302&auth_app_id=2019073166072302&buyer_id=2088102534368455&buyer_logon_id=xud***@126.com&buyer_pay_amount=0.10&charset=utf-8&fund_bill_list=[{\"amount\":\"0.10\",\"fundChannel\":\"ALIPAYACCOUNT\"}]&gmt_create=2019-08-15 15:56:22&gmt_payment=2019-08-15 15:56:24&invoice_amount=0.10&notify_id=2019081500222155624068450559358070&notify_time=2019-08-15 15:56:25&notify_type=trade_status_sync&out_trade_no=20190815155618536-564-57&point_amount=0.00&receipt_amount=0.10&seller_email=z97-yuquerevenue@service.aliyun.com&seller_id=2088531891668739&subject=语雀空间 500人规模&total_amount=0.10&trade_no=2019081522001468450512505578&trade_status=TRADE_SUCCESS&version=1.0";

    public const string Sign =
        "QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2S6Ri7nPwrVgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3svmSvFEy0WnzuhcyHPX5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEFajkJ8cxUTLi8+VCpLHsgPE8P0y095uQcDdK0YjCh4x7wVSov+lrmOQ==";

    /// <summary>The notification's fields, decoded, in the order Alipay posted them (not sorted), with sign and sign_type.</summary>
    public static Dictionary<string, string> Fields() => new(StringComparer.Ordinal)
    {
        ["gmt_create"] = "2019-08-15 15:56:22",
        ["charset"] = "utf-8",
        ["seller_email"] = "z97-yuquerevenue@service.aliyun.com",
        ["subject"] = "语雀空间 500人规模",
        ["sign"] = Sign,
        ["buyer_id"] = "2088102534368455",
        ["invoice_amount"] = "0.10",
        ["notify_id"] = "2019081500222155624068450559358070",
        ["fund_bill_list"] = "[{\"amount\":\"0.10\",\"fundChannel\":\"ALIPAYACCOUNT\"}]",
        ["notify_type"] = "trade_status_sync",
        ["trade_status"] = "TRADE_SUCCESS",
        ["receipt_amount"] = "0.10",
        ["buyer_pay_amount"] = "0.10",
        ["app_id"] = "2019073166072302",
        ["sign_type"] = "RSA2",
        ["seller_id"] = "2088531891668739",
        ["gmt_payment"] = "2019-08-15 15:56:24",
        ["notify_time"] = "2019-08-15 15:56:25",
        ["version"] = "1.0",
        ["out_trade_no"] = "20190815155618536-564-57",
        ["total_amount"] = "0.10",
        ["trade_no"] = "2019081522001468450512505578",
        ["auth_app_id"] = "2019073166072302",
        ["buyer_logon_id"] = "xud***@126.com",
        ["point_amount"] = "0.00",
    };

    /// <summary>The fields with <paramref name="key"/> set to <paramref name="value"/>, or removed when it is null.</summary>
    public static Dictionary<string, string> FieldsWith(string key, string? value)
    {
        var fields = Fields();
        if (value is null)
        {
            fields.Remove(key);
        }
        else
        {
            fields[key] = value;
        }

        return fields;
    }

    public static RSA PublicKey()
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(AlipayPublicKey), out _);
        return rsa;
    }
}
