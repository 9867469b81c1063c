using System.Text.Json;
using ObrasQr.Http;

namespace ObrasQr.Functions.Tests;

/// <summary>
/// The app as the Functions host sees it: the functions.metadata file the worker SDK writes at build (what the host
/// indexes), and host.json. Reflection over the attributes (FunctionTests) could agree with the server while the
/// generated file did not; this reads the file itself.
/// </summary>
public sealed class FunctionsMetadataTests
{
    static readonly JsonElement[] Functions = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))
        .RootElement.EnumerateArray().ToArray();

    static IEnumerable<JsonElement> Triggers(string type) =>
        Functions.SelectMany(f => f.GetProperty("bindings").EnumerateArray()).Where(b => b.GetProperty("type").GetString() == type);

    [Fact]
    public void Every_route_of_the_http_contract_is_an_http_trigger_in_the_generated_metadata_with_its_name_and_methods()
    {
        var generated = Functions
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(t => $"{f.GetProperty("name").GetString()} {string.Join(",", t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()))} {t.GetProperty("route").GetString()}"))
            .Order(StringComparer.Ordinal).ToList();
        var contract = HttpContract.Routes.Select(r => $"{r.Name} {string.Join(",", r.Methods)} {r.FunctionRoute}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(contract, generated);
    }

    [Fact]
    public void Every_http_trigger_is_anonymous_because_the_route_rules_authorize()
    {
        var triggers = Triggers("httpTrigger").ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, t => Assert.Equal("Anonymous", t.GetProperty("authLevel").GetString()));
    }

    [Fact]
    public void The_sync_and_backup_timers_read_their_schedule_settings_mail_runs_every_minute_figures_every_5_and_open_data_at_colombian_midnight()
    {
        var timers = Functions.Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "timerTrigger"))
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger"));

        Assert.Equal(["BackupTimer", "FiguresTimer", "HeldPhotoSweepTimer", "JobsAbandoned", "MailTimer", "OpenDataTimer", "SyncTimer"], timers.Keys.Order());
        Assert.Equal("%ObrasQr:Backup:Schedule%", timers["BackupTimer"].GetProperty("schedule").GetString());
        Assert.Equal("*/20 * * * * *", timers["JobsAbandoned"].GetProperty("schedule").GetString());
        Assert.Equal("0 0 5 * * *", timers["OpenDataTimer"].GetProperty("schedule").GetString()); // 00:00 in Colombia (UTC-5, all year)
        Assert.Equal("%ObrasQr:Sync:Schedule%", timers["SyncTimer"].GetProperty("schedule").GetString());
        Assert.Equal("%ObrasQr:Reports:HeldPhotoSweep%", timers["HeldPhotoSweepTimer"].GetProperty("schedule").GetString());
        Assert.Equal("0 * * * * *", timers["MailTimer"].GetProperty("schedule").GetString());
        Assert.Equal("0 */5 * * * *", timers["FiguresTimer"].GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_jobs_queue_on_the_data_account_triggers_the_job_runner_and_a_message_goes_to_the_poison_queue_after_5_deliveries()
    {
        var trigger = Assert.Single(Triggers("queueTrigger"));

        Assert.Equal("jobs", trigger.GetProperty("queueName").GetString());
        Assert.Equal("ObrasQr:Storage:Queues", trigger.GetProperty("connection").GetString());
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "functions", "host.json")));
        Assert.Equal(5, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void Every_function_runs_in_the_isolated_worker_from_the_app_assembly()
    {
        Assert.All(Functions, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("ObrasQr.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    [Fact]
    public void Host_json_serves_routes_without_the_api_prefix()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json"))).RootElement;

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
