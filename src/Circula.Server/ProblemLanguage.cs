using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Circula.Server;

/// <summary>
/// Error <c>detail</c>s in the client's language: Chinese (Resources/ProblemDetails.zh-CN.resx, by code) when
/// Accept-Language prefers it, else English as the code wrote it. <c>code</c>, <c>title</c> and the field
/// <c>errors</c> never change, so clients keep branching on the code.
/// </summary>
internal static class ProblemLanguage
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly ResourceManager Details = new("Circula.Server.Resources.ProblemDetails", typeof(ProblemLanguage).Assembly);

    public static void Translate(HttpContext http, ProblemDetails problem)
    {
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
        if (!PrefersChinese(http.Request) || !problem.Extensions.TryGetValue("code", out var value) || value is not string code
            || Details.GetString(code, Chinese) is not { Length: > 0 } detail)
        {
            return;
        }

        problem.Detail = detail;
        http.Response.Headers.ContentLanguage = Chinese.Name;
    }

    /// <summary>The most preferred language (highest q, first on a tie) is some Chinese: zh, zh-CN, zh-Hans…</summary>
    private static bool PrefersChinese(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault();
        return preferred?.Value.Value is { } language
            && (language.Equals("zh", StringComparison.OrdinalIgnoreCase) || language.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }
}
