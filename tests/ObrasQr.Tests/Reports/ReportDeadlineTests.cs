using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

// Deadlines of reports filed on given days, through the real submission, worked out by hand from the calendar of
// each year (Ley 1755 art. 14: 15 business days from the day after filing; Ley 51 de 1983 moves holidays to Monday).
public abstract class ReportDeadlineTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ReportDeadlineTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ReportDeadlineTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    [Theory]
    // Friday 20 March 2026: Monday 23 (San José moved) and Holy Thursday/Friday 2-3 April skipped.
    [InlineData("2026-03-20T15:00:00Z", "2026-04-15")]
    // 22:00 on Friday 20 March in Colombia is already Saturday in UTC: the Colombian day counts.
    [InlineData("2026-03-21T03:00:00Z", "2026-04-15")]
    // Friday 19 December 2025: 25 December, 1 January and Reyes (Tuesday 6, moved to Monday 12 January) skipped.
    [InlineData("2025-12-19T15:00:00Z", "2026-01-14")]
    // Wednesday 17 March 2027: San José (Friday 19) moved to Monday 22; Easter 28 March, so 25-26 March off.
    [InlineData("2027-03-17T15:00:00Z", "2027-04-12")]
    // Friday 24 May 2030: Ascension (Easter 21 April + 43 days) on Monday 3 June skipped.
    [InlineData("2030-05-24T15:00:00Z", "2030-06-17")]
    // Saturday 27 July 2024: counting starts Monday 29; 7 August (Boyacá, Wednesday) skipped.
    [InlineData("2024-07-27T15:00:00Z", "2024-08-20")]
    public async Task Deadline_is_fifteen_colombian_business_days(string filedAt, string due)
    {
        var clock = new ManualClock(DateTimeOffset.Parse(filedAt));
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));

        var receipt = await (await app.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = Unique("Obra detenida desde hace un mes.") })).Json();

        Assert.Equal(due, receipt.GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task A_report_past_its_deadline_is_overdue_for_auditors_and_the_citizen()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 20, 15, 0, 0, TimeSpan.Zero));
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var description = Unique("Reporte que vencerá.");
        var code = (await (await app.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description })).Json()).GetProperty("trackingCode").GetString()!;
        var auditor = app.CreateClient();
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.AuditorKey);

        clock.Now = new DateTimeOffset(2026, 4, 15, 20, 0, 0, TimeSpan.Zero); // the last day: still on time
        var onTime = await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports?overdue=true&limit=200");
        clock.Now = new DateTimeOffset(2026, 4, 16, 13, 0, 0, TimeSpan.Zero);
        var late = await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports?overdue=true&limit=200");
        var status = await (await app.CreateClient().PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code })).Json();

        Assert.DoesNotContain(onTime.GetProperty("items").EnumerateArray(), i => i.GetProperty("description").GetString() == description);
        Assert.Contains(late.GetProperty("items").EnumerateArray(), i => i.GetProperty("description").GetString() == description && i.GetProperty("overdue").GetBoolean());
        Assert.True(status.GetProperty("overdue").GetBoolean());
    }
}
