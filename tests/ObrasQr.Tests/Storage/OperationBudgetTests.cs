using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.AzureStorage;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Storage;

/// <summary>
/// Issue 27, point 7: the storage-operation budget of docs/azure-tables.md ("Presupuesto de operaciones por
/// petición"), held on Azurite through the real HTTP pipeline. Each request is measured in its own flow
/// (<see cref="RequestFlows"/>); background work it starts is not counted. Counting requests is not timing.
/// </summary>
public sealed class OperationBudgetTests : IDisposable
{
    readonly ObrasQrFactory factory = new ObrasQrFactory(StoreKind.Azure).Unlimited();
    readonly RequestFlows flows = new();
    readonly HttpClient anyone;
    readonly HttpClient auditor;

    public OperationBudgetTests()
    {
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(flows)));
        anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        auditor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.AuditorKey);
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_report_about_a_work_in_the_catalog_reads_neither_the_contract_nor_its_withdrawal()
    {
        await WarmAsync();

        var sent = await anyone.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Reporte medido por la API.") });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var requests = flows.Of($"POST /api/contracts/{ContractId}/reports").Last().Requests;
        Assert.DoesNotContain(requests, r => r.Table is { } table && (table.EndsWith(AzureStore.Contracts, StringComparison.Ordinal)
            || table.EndsWith(AzureStore.Withdrawals, StringComparison.Ordinal)));
        Assert.True(requests.Count <= ReportBudget, Listed(requests));
    }

    [Fact]
    public async Task A_report_through_the_form_stays_within_its_budget()
    {
        await WarmAsync();

        var sent = await anyone.PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "mala_calidad"), ("description", Unique("Reporte medido por el formulario.")), ("anonymous", "si")]));

        Assert.True(sent.IsSuccessStatusCode, $"{(int)sent.StatusCode}");
        var requests = flows.Of($"POST /o/{ContractId}/reportes").Single().Requests;
        Assert.True(requests.Count <= ReportBudget, Listed(requests));
    }

    [Fact]
    public async Task Lists_of_reports_name_their_works_from_the_catalog_without_reading_the_contracts()
    {
        await WarmAsync();

        string[] lists = ["/escritorio/reportes", "/escritorio/reportes?q=instancia", "/api/reports?format=csv", "/open311/v2/requests.json"];
        foreach (var list in lists)
            Assert.Equal(HttpStatusCode.OK, (await (list.StartsWith("/open311", StringComparison.Ordinal) ? anyone : auditor).GetAsync(list)).StatusCode);

        foreach (var list in lists)
        {
            var requests = flows.Of($"GET {list}").Single().Requests;
            Assert.DoesNotContain(requests, r => r.Table is { } table && table.EndsWith(AzureStore.Contracts, StringComparison.Ordinal));
        }
    }

    /// <summary>An instance that has served the index (its catalog is kept) and received a report (what it writes once
    /// per process is written): the steady state the budget is about.</summary>
    async Task WarmAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anyone.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Primer reporte de esta instancia.") })).StatusCode);
    }

    /// <summary>docs/azure-tables.md, the report's row of the budget table.</summary>
    const int ReportBudget = 10;

    static string Listed(IReadOnlyList<StorageRequest> requests) =>
        $"{requests.Count} requests:\n" + string.Join("\n", requests.Select(r => $"{r.Method} {r.Resource} {r.Filter} -> {r.Status}"));
}
