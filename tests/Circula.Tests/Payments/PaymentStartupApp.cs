using Circula.Server;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Circula.Tests.Payments;

/// <summary>The real server on a throwaway data folder, for tests of what payment settings do at start.</summary>
internal static class PaymentStartupApp
{
    public static WebApplication Build(string folder, params string[] extra) => CirculaApp.Build(
    [
        "--urls=http://127.0.0.1:0",
        $"--Circula:DataDirectory={folder}",
        $"--Circula:Database:ConnectionString=Data Source={Path.Combine(folder, "circula.db")}",
        "--Logging:LogLevel:Default=Warning",
        "--Circula:WeChat:AppId=wx-startup-test",
        "--Circula:WeChat:AppSecret=startup-test-secret",
        $"--Circula:Jwt:SigningKey={CirculaServer.JwtSigningKey}",
        $"--Circula:Pii:EncryptionKey={CirculaServer.PiiEncryptionKey}",
        $"--Circula:Pii:HashKey={CirculaServer.PiiHashKey}",
        .. extra,
    ]);
}
