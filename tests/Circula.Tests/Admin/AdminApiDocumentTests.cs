using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Tests.Docs;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Admin;

/// <summary>
/// The admin console builds its API types from ui/admin/openapi/v1.json (and the sandbox's, for "simulate payment", from
/// sandbox.json), so an API change that breaks the console fails its type check. This keeps those copies equal to the
/// live documents (with the sandbox loaded, as in Development; the server addresses, which change with every start, are
/// left out). <c>CIRCULA_WRITE_DOCS=1</c> rewrites them.
/// </summary>
public sealed class AdminApiDocumentTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Theory]
    [InlineData("v1")]
    [InlineData("sandbox")]
    public async Task The_consoles_copy_of_the_openapi_document_is_the_live_one(string name)
    {
        var document = JsonNode.Parse(await server.Client.GetStringAsync($"/openapi/{name}.json"))!.AsObject();
        document.Remove("servers");
        GeneratedDocs.AssertFile($"ui/admin/openapi/{name}.json", document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
