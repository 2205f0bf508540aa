using Circula.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Sandbox.WeChat;

/// <summary>Points WeChat login at <see cref="WeChatSandbox"/>: sandbox credentials where none are configured, and this server as the API unless a BaseUrl is.</summary>
public static class WeChatSandboxSetup
{
    public const string AppId = "wx-sandbox-app";
    public const string AppSecret = "sandbox-secret";

    public static IServiceCollection AddWeChatLoginSandbox(this IServiceCollection services)
    {
        services.AddOptions<WeChatOptions>().PostConfigure(Apply);
        services.AddSingleton<IWeChatStandIn, WeChatStandIn>();
        return services;
    }

    public static void Apply(WeChatOptions options)
    {
        options.AppId = string.IsNullOrWhiteSpace(options.AppId) ? AppId : options.AppId;
        options.AppSecret = string.IsNullOrWhiteSpace(options.AppSecret) ? AppSecret : options.AppSecret;
    }

    private sealed class WeChatStandIn(IServer server) : IWeChatStandIn
    {
        public string BaseUrl => SandboxSelf.BaseUrl(server, "The WeChat sandbox") + WeChatSandbox.BasePath;
    }
}
