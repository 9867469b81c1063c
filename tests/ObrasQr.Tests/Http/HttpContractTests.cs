using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Auth;
using ObrasQr.Http;

namespace ObrasQr.Tests.Http;

/// <summary>The route table's rules as a client meets them, read from the table itself: every row is checked.</summary>
public abstract class HttpContractTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : HttpContractTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : HttpContractTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static readonly HttpRoute[] Restricted = HttpContract.Routes.Where(r => r.Role is not null && !r.IsDesk).ToArray();

    // Route values that reach the handler (the rules run first; the handler may then answer 404 for these).
    static string Path(HttpRoute route) => route.Pattern.Replace("{n:int}", "1").Replace("{contractId}", "CO1.PCCNTR.0")
        .Replace("{reportId}", "r-0").Replace("{exportId}", "e-0").Replace("{format}", "json");

    static HttpRequestMessage Request(HttpRoute route, string? key = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Methods[0]), Path(route));
        if (key is not null) request.Headers.Authorization = new("Bearer", key);
        return request;
    }

    [Fact]
    public async Task Every_restricted_route_asks_for_a_key_in_spanish_without_one()
    {
        Assert.NotEmpty(Restricted);
        foreach (var route in Restricted)
        {
            var response = await factory.CreateClient().SendAsync(Request(route));

            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{route.Name}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Falta identificarse", problem.GetProperty("title").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty("Authorization", out _), route.Name);
        }
    }

    [Fact]
    public async Task Every_restricted_route_refuses_the_key_of_the_other_role()
    {
        foreach (var route in Restricted)
        {
            var otherKey = route.Role == Roles.Auditor ? ObrasQrFactory.OfficeKey : ObrasQrFactory.AuditorKey;

            var response = await factory.CreateClient().SendAsync(Request(route, otherKey));

            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{route.Name}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_route_refuses_a_declared_body_over_its_limit_with_a_problem()
    {
        foreach (var route in HttpContract.Routes.Where(r => r.BodyLimit < BodyLimit.Export))
        {
            var key = route.Role == Roles.Auditor ? ObrasQrFactory.AuditorKey : route.Role == Roles.Office ? ObrasQrFactory.OfficeKey : null;
            var request = Request(route, key);
            request.Content = new ByteArrayContent(new byte[route.BodyLimit + 1]) { Headers = { ContentType = new("application/json") } };

            var response = await factory.CreateClient().SendAsync(request);

            Assert.True(HttpStatusCode.RequestEntityTooLarge == response.StatusCode, $"{route.Name}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_shared_cache_keeps_only_successful_answers()
    {
        var client = factory.CreateClient();

        var known = await client.GetAsync("/o/CO1.PCCNTR.5361557/qr.svg");
        var unknown = await client.GetAsync("/o/CO1.PCCNTR.0/qr.svg");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal("public, max-age=604800", known.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("no-store", unknown.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_route_with_its_answers()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var route in HttpContract.Routes.Where(r => r.Document))
        {
            var path = route.Pattern.Replace("{n:int}", "{n}");
            Assert.True(paths.TryGetProperty(path, out var item), $"{route.Name}: {path} is not in the document");
            var operation = item.GetProperty(route.Methods[0].ToLowerInvariant());
            var answers = operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToHashSet();

            Assert.Contains(answers, a => a.StartsWith('2'));
            var declared = route.Handler.Method.GetCustomAttributes<ProblemAttribute>().Select(p => p.StatusCode.ToString()).ToList();
            if (route.Role is not null) declared.AddRange(["401", "403"]);
            if (route.BodyLimit > 0) declared.Add("413");
            Assert.All(declared, status => Assert.True(answers.Contains(status), $"{route.Name} does not document {status}"));
        }
    }

    [Fact]
    public async Task Pages_are_left_out_of_the_openapi_document()
    {
        var paths = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.False(paths.TryGetProperty("/o/{contractId}", out _));
        Assert.False(paths.TryGetProperty("/seguimiento", out _));
    }

    [Fact]
    public async Task The_first_request_compiles_only_the_handler_of_its_own_route()
    {
        var routing = new EndpointsSeenByRouting();
        using var fresh = new ObrasQrFactory(factory.Store)
            .WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<MatcherPolicy>(routing)));

        var response = await fresh.CreateClient().GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpContract.Routes.Length, routing.Endpoints.Count(e => e.Metadata.GetMetadata<HttpRoute>() is not null));
        var compiled = routing.Endpoints.Where(e => e.Metadata.GetMetadata<RouteDelegate>()?.IsBuilt == true).Select(e => e.DisplayName);
        Assert.Equal(["Robots"], compiled);
    }

    /// <summary>Routing shows every policy the endpoints it matches among; this one keeps them and applies to none.</summary>
    sealed class EndpointsSeenByRouting : MatcherPolicy, IEndpointSelectorPolicy
    {
        public readonly HashSet<Endpoint> Endpoints = [];
        public override int Order => 0;

        public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
        {
            lock (Endpoints) Endpoints.UnionWith(endpoints);
            return false;
        }

        public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates) => Task.CompletedTask;
    }
}
