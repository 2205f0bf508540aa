using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

/// <summary>
/// The landing page at / (Production here: no demo sign-ins; Development's page is checked by DocsWalkthroughTests) and
/// error details in the client's language with the code unchanged.
/// </summary>
public sealed class LandingAndLanguageTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task The_root_serves_a_page_linking_the_docs_and_the_admin_console_without_demo_sign_ins_outside_development()
    {
        var response = await server.Client.GetAsync("/");
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/docs\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("circula-demo", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Development:", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "请求的资源不存在。")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "请求的资源不存在。")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.5", "Order was not found.")]
    [InlineData(null, "Order was not found.")]
    public async Task Not_found_details_follow_accept_language_and_the_code_does_not(string? language, string detail)
    {
        var client = server.CreateClient((await server.LoginAsync("demo", "circula-demo")).AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/orders/1");
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        var response = await client.SendAsync(request);
        var problem = await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Contains("Accept-Language", response.Headers.Vary);
        Assert.Equal(language?.StartsWith("zh", StringComparison.Ordinal) == true, response.Content.Headers.ContentLanguage.Contains("zh-CN"));
    }

    [Fact]
    public async Task Validation_failures_and_refused_sign_ins_are_explained_in_chinese_with_english_codes_and_fields()
    {
        using var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username = "", password = "" }) };
        invalid.Headers.Add("Accept-Language", "zh-CN");
        var problem = await (await server.Client.SendAsync(invalid)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("一个或多个字段无效，详见 errors。", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.True(problem.TryGetProperty("traceId", out _));

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username = "demo", password = "wrong-password" }) };
        wrong.Headers.Add("Accept-Language", "zh-CN");
        var refused = await (await server.Client.SendAsync(wrong)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("用户名或密码错误。", refused.GetProperty("detail").GetString());

        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { username = "demo", password = "wrong-password" }) };
        var inEnglish = await (await server.Client.SendAsync(english)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.DoesNotContain(inEnglish.GetProperty("detail").GetString()!, c => c > 0x2E80);
    }
}
