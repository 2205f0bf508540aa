namespace Circula.Cli;

/// <summary>
/// What `circula config init` writes: JSON with comments, which the server's configuration reader accepts. Every key is
/// a real setting (ConfigCommandTests binds it); secrets are left empty on purpose.
/// </summary>
internal static class ConfigurationTemplate
{
    public const string Text = """
        // Circula configuration for one environment (appsettings.Production.json). Comments are allowed.
        // Any value here can be overridden by an environment variable: Circula:Database:Provider is Circula__Database__Provider.
        // Secrets (keys, passwords, private keys) go in the environment, never in this file: see `circula keys generate`.
        {
          // Where the server listens. Behind nginx keep it on loopback or a private address.
          "Urls": "http://127.0.0.1:5080",
          "Circula": {
            // Uploaded files, generated development keys and the SQLite database live here.
            "DataDirectory": "data",

            "Database": {
              // Sqlite (one server, embedded) or Postgres (production, several replicas).
              "Provider": "Postgres",
              // Put the password in Circula__Database__ConnectionString, or use a .pgpass file.
              "ConnectionString": "Host=127.0.0.1;Port=5432;Username=circula;Database=circula;Maximum Pool Size=50",
              // Replicas may all migrate on start: migrations take a lock. Turn off to run `circula migrate` yourself.
              "MigrateOnStart": true
            },

            // Required outside Development, each base64 of 32 random bytes, the same on every replica:
            // Circula__Jwt__SigningKey, Circula__Pii__EncryptionKey, Circula__Pii__HashKey (`circula keys generate`).
            "Jwt": {
              "AccessTokenMinutes": 15,
              "RefreshTokenDays": 30
            },

            "Bootstrap": {
              // The first admin's password comes from Circula__Bootstrap__AdminPassword, or is printed once on first start.
              "SeedDemoData": false
            },

            // The reverse proxy: only these peers' X-Forwarded-For / X-Forwarded-Proto are believed. Without them every
            // client behind nginx shares one rate-limit bucket and the logs show nginx's address.
            "Network": {
              "KnownProxies": [ "127.0.0.1" ],
              "KnownNetworks": []
            },

            "RateLimits": {
              "LoginPerMinute": 20
            },

            // The WeChat mini program (sign-in with wx.login, subscribe messages). AppSecret: Circula__WeChat__AppSecret.
            "WeChat": {
              "AppId": ""
            },

            "Payments": {
              // WeChat Pay API v3. Private key and API v3 key from the environment or files only this user can read.
              "WeChatPay": {
                "Enabled": false,
                "MchId": "",
                "AppId": "",
                "MerchantSerialNumber": "",
                "MerchantPrivateKeyPath": "/etc/circula/wechatpay/apiclient_key.pem",
                // Public-key mode (new merchants): the key's id and file. Certificate mode: "DownloadPlatformCertificates": true.
                "WeChatPayPublicKeyId": "",
                "WeChatPayPublicKeyPath": "/etc/circula/wechatpay/pub_key.pem",
                "DownloadPlatformCertificates": false,
                // Public HTTPS addresses WeChat Pay calls back, no query string.
                "NotifyUrl": "https://shop.example.com/api/v1/payments/wechatpay/notify",
                "RefundNotifyUrl": "https://shop.example.com/api/v1/payments/wechatpay/refund-notify",
                // Recycling payouts by merchant transfer (商家转账): results posted here, under this approved transfer scene.
                "TransferNotifyUrl": "https://shop.example.com/api/v1/payments/wechatpay/transfer-notify",
                "TransferSceneId": "1000"
              },
              // Alipay: public-key mode (AlipayPublicKey) or certificate mode (AppCertificate, AlipayCertificate, AlipayRootCertificate).
              // AppPrivateKey from Circula__Payments__Alipay__AppPrivateKey.
              "Alipay": {
                "Enabled": false,
                "AppId": "",
                "AlipayPublicKey": "",
                "NotifyUrl": "https://shop.example.com/api/v1/payments/alipay/notify",
                "ReturnUrl": "https://shop.example.com/paid"
              }
            },

            // Group robots (WeCom, Feishu, DingTalk) and webhooks are added in the admin console, their secrets stored
            // encrypted. These settings govern every delivery.
            "Notifications": {
              // Robots and webhooks may only call public addresses; true allows private ones (a test peer on the LAN).
              "AllowPrivateTargets": false,
              "MaxAttempts": 10,
              "Timeout": "00:00:10",
              // Optional: publish every event to a RabbitMQ topic exchange. URI with password from the environment.
              "RabbitMq": {
                "Enabled": false,
                "Exchange": "circula.events"
              }
            },

            // /metrics for Prometheus: from these networks (CIDR; loopback when empty), or with
            // Authorization: Bearer <Circula__Metrics__Token> (at least 32 characters).
            "Metrics": {
              "Enabled": true,
              "AllowedNetworks": [ "127.0.0.1/32", "10.0.0.0/8" ]
            },

            "Api": {
              // Serve /docs and /openapi (the API documents) in production too.
              "Docs": false
            }
          }
        }
        """;
}
