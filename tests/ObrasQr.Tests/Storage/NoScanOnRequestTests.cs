using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.AzureStorage;
using ObrasQr.Reports;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Storage;

/// <summary>
/// Issue 27, "Done when": no Table query made while serving a request reads more than one partition. Every request
/// type goes through the real HTTP pipeline on Azurite; the app's Table and Blob clients carry the
/// <see cref="StorageOperations"/> policy, and each request is measured in its own flow, so work the app does in the
/// background (timers, warmers, the open-data build, the figures' roll-up) is not counted against any request.
/// </summary>
public sealed class NoScanOnRequestTests : IDisposable
{
    const string AdminKey = "test-admin-key-0b7e";
    readonly ObrasQrFactory factory;
    readonly RequestFlows flows = new();

    public NoScanOnRequestTests()
    {
        factory = new ObrasQrFactory(StoreKind.Azure).Unlimited();
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "administracion";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = ObrasQr.Auth.Roles.Admin;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ObrasQr.Auth.ApiKeys.Digest(AdminKey);
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Every_table_query_made_while_serving_a_request_names_one_partition()
    {
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(flows)));
        var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpClient With(string key)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            return client;
        }
        var auditor = With(ObrasQrFactory.AuditorKey);
        var office = With(ObrasQrFactory.OfficeKey);
        var admin = With(AdminKey);
        var observed = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");
        var entry = await office.PostAsync($"/api/contracts/{ContractId}/avances",
            Form([("date", observed), ("percent", "40"), ("note", "Andenes fundidos.")], ("obra.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        Assert.Equal(HttpStatusCode.Created, entry.StatusCode);
        var photo = (await entry.Json()).GetProperty("photos")[0].GetString()!;
        var viaApi = await anyone.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Reporte por la API, medido.") });
        Assert.Equal(HttpStatusCode.Created, viaApi.StatusCode);
        var code = (await viaApi.Json()).GetProperty("trackingCode").GetString()!;

        await Served(anyone.GetAsync($"/o/{ContractId}"));
        await Served(anyone.GetAsync($"/o/{ContractId}")); // the cached page
        await Served(anyone.GetAsync($"/o/{ContractId}/qr.png"));
        await Served(anyone.GetAsync($"/o/{ContractId}/vista.png"));
        await Served(anyone.GetAsync(photo + "/miniatura"));
        await Served(anyone.PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "mala_calidad"), ("description", Unique("Reporte por el formulario, medido.")), ("anonymous", "si")])));
        await Served(anyone.PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", code)])));
        await Served(anyone.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code }));
        await Served(auditor.GetAsync("/escritorio/reportes"));
        await Served(auditor.GetAsync("/escritorio/reportes?q=medido"));
        await Served(auditor.GetAsync($"/escritorio/reportes?q={ContractId}"));
        await Served(auditor.GetAsync("/api/reports"));
        await Served(anyone.GetAsync("/estadisticas"));
        await Served(anyone.GetAsync("/estadisticas/semestre/2026-2"));
        await Served(auditor.GetAsync("/escritorio/informe-semestral"));
        await Served(anyone.GetAsync("/api/oc4ids.json"));
        await Served(anyone.GetAsync("/api/contracts.csv"));
        await Served(office.GetAsync("/api/billboards.zip"));
        await Served(anyone.GetAsync("/open311/v2/services.json"));
        await Served(anyone.GetAsync("/open311/v2/requests.json"));
        await Served(anyone.GetAsync("/mapa"));
        await Served(anyone.GetAsync("/"));
        await Served(anyone.GetAsync("/api/contracts"));
        await Served(office.GetAsync("/escritorio/cargas"));
        await Served(office.GetAsync("/escritorio/obras"));
        await Served(admin.GetAsync("/escritorio/personal"));

        Assert.NotEmpty(flows.Of($"GET /o/{ContractId}").First().Requests); // the policy is on the app's clients
        var scans = flows.All
            .SelectMany(flow => flow.Tally.Requests.Where(r => r.IsQuery && !r.NamesItsPartition)
                .Select(r => $"{flow.Request}: {r.Resource} $filter={r.Filter}"))
            .Distinct()
            .ToList();
        Assert.True(scans.Count == 0, "Queries that read more than one partition:\n" + string.Join("\n", scans));
    }

    /// <summary>Issue 27's budget for the follow-up: the page reads what the API reads (the code's pointer and the
    /// report), and names the work from the works catalog kept in memory.</summary>
    [Fact]
    public async Task The_follow_up_page_makes_no_more_storage_requests_than_the_api_lookup()
    {
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(flows)));
        var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Served(anyone.GetAsync("/")); // the works catalog, built by the first view that needs it
        // A located entry marks this instance's catalog as changed until its next refresh: its names still serve.
        var office = app.CreateClient();
        office.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.OfficeKey);
        Assert.Equal(HttpStatusCode.Created, (await office.PostAsync($"/api/contracts/{ContractId}/avances",
            Form([("date", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd")), ("percent", "45")], ("obra.jpg", PhotoCleanerTests.Photo("gps.jpg"))))).StatusCode);
        var filed = await anyone.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Reporte para medir el seguimiento.") });
        var code = (await filed.Json()).GetProperty("trackingCode").GetString()!;

        var page = await anyone.PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", code)]));
        await Served(anyone.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code }));

        var name = (await app.Services.GetRequiredService<ObrasQr.Contracts.IContractStore>().FindAsync(ContractId))!.Contract.Name;
        Assert.Contains(name, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        var followUp = flows.Of("POST /seguimiento").Single().Requests.Count;
        Assert.InRange(followUp, 1, 2);
        Assert.True(followUp <= flows.Of("POST /api/reports/lookup").Single().Requests.Count);
    }

    static async Task Served(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
    }
}
