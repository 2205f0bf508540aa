using System.Net.Http.Json;
using System.Net;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Identity;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Identity;

public abstract class MeAndAddressTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string AddressesUrl = "/api/v1/me/addresses";

    private static AddressRequest Address(string name = "张三", string detail = "建国路88号SOHO现代城A座1201") =>
        new(name, "13912345678", "北京市", "北京市", "朝阳区", detail);

    private Task<T> FromDatabaseAsync<T>(Func<CirculaDbContext, Task<T>> query) =>
        server.WithScopeAsync(sp => query(sp.GetRequiredService<CirculaDbContext>()));

    [Fact]
    public async Task Me_reflects_roles_permissions_and_the_masked_phone()
    {
        var user = await server.CreateUserAsync(Roles.Customer, Roles.Operator);
        var before = await (await user.Client.GetAsync("/api/v1/me")).ReadAs<MeResponse>();
        Assert.Equal(user.Id, before.Id);
        Assert.Equal([Roles.Customer, Roles.Operator], before.Roles);
        Assert.Contains(Permissions.UsersRead, before.Permissions);
        Assert.Null(before.Phone);
        Assert.False(before.HasWeChat);

        await (await user.Client.PutAsJsonAsync("/api/v1/me/phone", new { phone = "13812345678" })).ShouldBe(HttpStatusCode.NoContent);
        var after = await (await user.Client.GetAsync("/api/v1/me")).ReadAs<MeResponse>();
        Assert.Equal("138****5678", after.Phone);

        var stored = await FromDatabaseAsync(db => db.Set<User>().AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.DoesNotContain("13812345678", stored.PhoneCipher, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", stored.PhoneHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("+8613812345678")]
    [InlineData("")]
    public async Task A_phone_that_is_not_a_mainland_mobile_is_422(string phone)
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var problem = await (await user.Client.PutAsJsonAsync("/api/v1/me/phone", new { phone })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task Addresses_are_created_listed_masked_read_in_full_and_deleted()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var created = await user.Client.PostAsJsonAsync(AddressesUrl, Address());
        var address = await created.ReadAs<AddressResponse>(HttpStatusCode.Created);
        Assert.Equal($"{AddressesUrl}/{address.Id}", created.Headers.Location?.OriginalString);
        Assert.True(address.IsDefault);

        var list = await (await user.Client.GetAsync(AddressesUrl)).ReadAs<AddressSummary[]>();
        var summary = Assert.Single(list);
        Assert.Equal("139****5678", summary.Phone);
        Assert.Equal("建国路****", summary.Detail);

        var full = await (await user.Client.GetAsync($"{AddressesUrl}/{address.Id}")).ReadAs<AddressResponse>();
        Assert.Equal(("张三", "13912345678", "建国路88号SOHO现代城A座1201"), (full.Name, full.Phone, full.Detail));

        await (await user.Client.DeleteAsync($"{AddressesUrl}/{address.Id}")).ShouldBe(HttpStatusCode.NoContent);
        await (await user.Client.GetAsync($"{AddressesUrl}/{address.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Name_phone_and_detail_are_stored_encrypted()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var address = await (await user.Client.PostAsJsonAsync(AddressesUrl, Address())).ReadAs<AddressResponse>(HttpStatusCode.Created);

        var row = await FromDatabaseAsync(db => db.Set<UserAddress>().AsNoTracking().SingleAsync(a => a.Id == address.Id));
        Assert.DoesNotContain("张三", row.NameCipher, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", row.PhoneCipher, StringComparison.Ordinal);
        Assert.DoesNotContain("建国路", row.DetailCipher, StringComparison.Ordinal);
        Assert.Equal("朝阳区", row.District);
        var pii = server.Services.GetRequiredService<PiiProtector>();
        Assert.Equal("13912345678", pii.Decrypt(row.PhoneCipher));
    }

    [Fact]
    public async Task Another_users_address_is_404_for_read_and_delete()
    {
        var owner = await server.CreateUserAsync(Roles.Customer);
        var intruder = await server.CreateUserAsync(Roles.Customer);
        var address = await (await owner.Client.PostAsJsonAsync(AddressesUrl, Address())).ReadAs<AddressResponse>(HttpStatusCode.Created);

        await (await intruder.Client.GetAsync($"{AddressesUrl}/{address.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await intruder.Client.DeleteAsync($"{AddressesUrl}/{address.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await (await intruder.Client.GetAsync(AddressesUrl)).ReadAs<AddressSummary[]>());
        await (await owner.Client.GetAsync($"{AddressesUrl}/{address.Id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sql_and_html_in_address_fields_are_kept_verbatim_and_returned_json_encoded()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        const string name = "Bob'); DROP TABLE users;--";
        const string detail = "<script>alert('x')</script>\" OR 1=1 --";
        var address = await (await user.Client.PostAsJsonAsync(AddressesUrl, Address(name, detail))).ReadAs<AddressResponse>(HttpStatusCode.Created);

        var response = await user.Client.GetAsync($"{AddressesUrl}/{address.Id}");
        // Served as data inside a JSON string (its quote escaped), never as markup a browser would run.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(raw.Contains("</script>\\\" OR 1=1", StringComparison.Ordinal) || raw.Contains("\\u0022 OR 1=1", StringComparison.Ordinal), raw);
        var full = await response.ReadAs<AddressResponse>();
        Assert.Equal((name, detail), (full.Name, full.Detail));
        await (await user.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("name", 33)]
    [InlineData("detail", 201)]
    [InlineData("province", 0)]
    public async Task Address_fields_are_validated(string field, int length)
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var value = new string('x', length);
        var request = field switch
        {
            "name" => Address() with { Name = value },
            "detail" => Address() with { Detail = value },
            _ => Address() with { Province = value },
        };

        var problem = await (await user.Client.PostAsJsonAsync(AddressesUrl, request)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Parallel_creates_never_exceed_twenty_addresses()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => user.Client.PostAsJsonAsync(AddressesUrl, Address(detail: $"幸福路{i}号"))));

        Assert.Equal(UserAddressBook.MaxPerUser, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var rejected in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await rejected.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "address_limit_reached");
        }

        var list = await (await user.Client.GetAsync(AddressesUrl)).ReadAs<AddressSummary[]>();
        Assert.Equal(UserAddressBook.MaxPerUser, list.Length);
        Assert.Single(list, a => a.IsDefault);
    }
}

public sealed class MeAndAddressTestsOnSqlite(SqliteServer server) : MeAndAddressTests<SqliteServer>(server);

public sealed class MeAndAddressTestsOnPostgres(PostgresServer server) : MeAndAddressTests<PostgresServer>(server);
