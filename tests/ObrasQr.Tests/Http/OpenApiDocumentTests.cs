using System.Text.Json;
using ObrasQr.Auth;
using ObrasQr.Http;

namespace ObrasQr.Tests.Http;

/// <summary>The OpenAPI document as the route table tells it, checked without Node; CI lints the same document with
/// Redocly (.ci/run sets OBRASQR_OPENAPI_FILE and this class writes it there).</summary>
public abstract class OpenApiDocumentTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : OpenApiDocumentTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : OpenApiDocumentTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    async Task<JsonElement> DocumentAsync()
    {
        var text = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("OBRASQR_OPENAPI_FILE") is { Length: > 0 } file) await File.WriteAllTextAsync(file, text);
        return JsonDocument.Parse(text).RootElement;
    }

    static IEnumerable<(string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(o => (o.Name, o.Value)));

    static JsonElement Operation(JsonElement document, string name) =>
        Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == name).Operation;

    [Fact]
    public async Task Every_operation_is_one_documented_route_named_summarised_with_its_problems_and_its_role()
    {
        var document = await DocumentAsync();
        var routes = HttpContract.Routes.Where(r => r.Document).ToDictionary(r => r.Name);
        var seen = new List<string>();

        foreach (var (method, operation) in Operations(document))
        {
            var name = operation.GetProperty("operationId").GetString()!;
            Assert.True(routes.TryGetValue(name, out var route), $"{name} is not a documented route");
            seen.Add(name);
            Assert.Equal(route.Methods[0].ToLowerInvariant(), method);
            Assert.Equal(route.Summary, operation.GetProperty("summary").GetString());
            Assert.False(string.IsNullOrWhiteSpace(route.Summary), $"{name} has no summary");

            var problems = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
            Assert.NotEmpty(problems);
            Assert.All(problems, p => Assert.Equal("#/components/schemas/ProblemDetails",
                p.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()));

            var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
            if (route.Role is null)
            {
                Assert.Empty(requirement.EnumerateObject());
                Assert.False(operation.TryGetProperty(OpenApiFromTable.RolesExtension, out _), name);
            }
            else
            {
                Assert.True(requirement.TryGetProperty(OpenApiFromTable.KeyScheme, out _), $"{name} does not ask for a key");
                var roles = operation.GetProperty(OpenApiFromTable.RolesExtension).EnumerateArray().Select(r => r.GetString()).ToList();
                Assert.Contains(route.Role, roles);
                Assert.Contains(route.Role, operation.GetProperty("description").GetString());
            }
        }
        Assert.Equal(routes.Keys.Order(), seen.Order());
    }

    [Fact]
    public async Task A_route_documents_the_problems_its_row_implies()
    {
        var document = await DocumentAsync();
        string[] Problems(string name) =>
            [.. Operation(document, name).GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(s => s.StartsWith('4'))];

        // An office upload: a body (400, 413), a role (401, 403), and what its handler declares (415, 422).
        Assert.Equal(["400", "401", "403", "413", "415", "422"], Problems("ExportUpload"));
        // An address naming a work (400, 404), no role.
        Assert.Equal(["400", "404", "413"], Problems("ContractsGet"));
        // No input at all: only a body it does not take.
        Assert.Equal(["413"], Problems("Health"));
        // What the handler declares besides (the submission limit).
        Assert.Contains("429", Problems("ReportLookup"));
        Assert.Contains("supera 64 KB",
            Operation(document, "ReportChangeStatus").GetProperty("responses").GetProperty("413").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_document_declares_the_bearer_key_the_problem_shape_and_the_public_address()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(OpenApiFromTable.KeyScheme);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.True(problem.GetProperty("properties").TryGetProperty("errors", out _));
        Assert.Equal(ObrasQrFactory.PublicBaseUrl, Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        Assert.DoesNotContain(Operations(document), o => o.Method == "head");
        Assert.Equal(["Auditoría"], Operation(document, "ReportsList").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([Roles.Auditor, Roles.Admin],
            Operation(document, "ReportsList").GetProperty(OpenApiFromTable.RolesExtension).EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Without_a_public_address_the_server_is_the_request_s_without_a_trailing_slash()
    {
        using var bare = new ObrasQrFactory(factory.Store) { Settings = { ["ObrasQr:PublicBaseUrl"] = "" } };

        var document = JsonDocument.Parse(await bare.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.Equal("http://localhost", Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }
}
