using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Tests.Docs;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Admin;

/// <summary>
/// The admin console builds its API types from ui/admin/openapi/v1.json, so an API change that breaks the console fails
/// its type check. This keeps that copy equal to the live document (with the sandbox loaded, as in Development; the
/// server addresses, which change with every start, are left out). <c>CIRCULA_WRITE_DOCS=1</c> rewrites it.
/// </summary>
public sealed class AdminApiDocumentTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    public const string CommittedCopy = "ui/admin/openapi/v1.json";

    [Fact]
    public async Task The_consoles_copy_of_the_openapi_document_is_the_live_one()
    {
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        document.Remove("servers");
        GeneratedDocs.AssertFile(CommittedCopy, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
