using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObrasQr.Accountability;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.AzureStorage;

/// <summary>
/// The app's tables and blob container (docs/azure-tables.md). A prefix keeps test runs apart on one account.
/// </summary>
public sealed class AzureStore(TableServiceClient tables, BlobServiceClient blobs, string prefix = "")
{
    public const string Contracts = "contracts";
    public const string Reports = "reports";
    public const string ReportIndex = "reportindex";
    public const string Reporters = "reporters";
    public const string Exports = "exports";
    public const string SyncState = "syncstate";
    public const string Staff = "staff";
    public const string StaffSessions = "staffsessions";
    public const string StaffChanges = "staffchanges";
    public const string Progress = "progress";
    public const string IdentityAccess = "identityaccess";
    public const string MailOutbox = "mailoutbox";
    public const string Withdrawals = "withdrawals";
    public const string WithdrawalActs = "withdrawalacts";
    public const string Works = "works";
    public const string Figures = "figures";
    public const string Jobs = "jobs";
    public const string FilesContainer = "files";
    /// <summary>The nightly table backups (Backup/TableBackup.cs); declared with its own retention in infra-bicep/.</summary>
    public const string BackupsContainer = "backups";

    public static readonly string[] TableNames = [Contracts, Reports, ReportIndex, Reporters, Exports, SyncState, Staff, StaffSessions, StaffChanges, Progress, IdentityAccess, MailOutbox, Withdrawals, WithdrawalActs, Works, Figures, Jobs];

    public TableClient Table(string name) => tables.GetTableClient(prefix + name);

    /// <summary>A queue's name on this account: lower case, like the container's.</summary>
    public string QueueName(string name) => prefix.ToLowerInvariant() + name;

    public BlobContainerClient Files => blobs.GetBlobContainerClient(prefix.ToLowerInvariant() + FilesContainer);

    public BlobContainerClient Backups => BackupsOf(blobs, prefix);

    /// <summary>The backups container of an account and prefix: a restore may read another installation's runs.</summary>
    public static BlobContainerClient BackupsOf(BlobServiceClient account, string prefix) =>
        account.GetBlobContainerClient(prefix.ToLowerInvariant() + BackupsContainer);

    /// <summary>Creates what is missing: infra-bicep/ declares the same tables and container; Azurite starts empty.
    /// All at once: one request each, and an instance started for a citizen's scan does not listen until they are done.</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        var creations = TableNames.Select(name => (Task)Table(name).CreateIfNotExistsAsync(ct)).ToList();
        creations.Add(Files.CreateIfNotExistsAsync(cancellationToken: ct));
        await Task.WhenAll(creations);
    }

    /// <summary>
    /// The credential for Azure: the user-assigned managed identity whose client id the app settings carry
    /// (ObrasQr__Storage__Tables__clientId), or the developer's own sign-in (Azure CLI, Visual Studio) elsewhere.
    /// </summary>
    public static TokenCredential Credential(IConfiguration configuration) => new DefaultAzureCredential(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = configuration["ObrasQr:Storage:Tables:clientId"],
    });
}

public static class AzureStoreRegistration
{
    /// <summary>
    /// Table, Blob and Queue clients from ObrasQr:Storage:Tables, ObrasQr:Storage:Blobs and ObrasQr:Storage:Queues
    /// (env/app settings ObrasQr__Storage__Tables__endpoint|credential|clientId, ObrasQr__Storage__Blobs__serviceUri|credential|clientId,
    /// ObrasQr__Storage__Queues__serviceUri|credential|clientId (and __queueServiceUri for the Functions queue trigger),
    /// or connectionString=UseDevelopmentStorage=true for Azurite), and the core's storage ports on top of them.
    /// ObrasQr:Storage:Prefix (optional) starts every table and container name, so that several installations or
    /// test runs can share one account.
    /// </summary>
    public static IServiceCollection AddAzureStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(configuration.GetSection("ObrasQr:Storage:Tables"));
            clients.AddBlobServiceClient(configuration.GetSection("ObrasQr:Storage:Blobs"));
            // Base64, as the Functions queue trigger reads messages by default.
            clients.AddQueueServiceClient(configuration.GetSection("ObrasQr:Storage:Queues"))
                .ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64);
            clients.UseCredential(AzureStore.Credential(configuration));
            // Always on: outside a measured flow (tests, the bench's X-Storage-Ops) it reads one AsyncLocal and records nothing.
            clients.ConfigureDefaults(options => options.AddPolicy(new StorageOperations(), HttpPipelinePosition.PerCall));
        });
        var prefix = configuration["ObrasQr:Storage:Prefix"] ?? "";
        services.AddSingleton(sp => new AzureStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<BlobServiceClient>(), prefix));
        services.AddSingleton<IContractStore, AzureContractStore>();
        services.AddReportStore<AzureReportStore>();
        services.AddSingleton<ObrasQr.Accountability.IReportFigureStore, AzureReportFigureStore>();
        services.AddSingleton<IIdentityAccessLog, AzureIdentityAccessLog>();
        services.AddSingleton<IExportStore, AzureExportStore>();
        services.AddSingleton<BlobFileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<IFileParts>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<ISyncStateStore, AzureSyncStateStore>();
        services.AddSingleton<AzureJobs>();
        services.AddSingleton<ObrasQr.Jobs.IJobStore>(sp => sp.GetRequiredService<AzureJobs>());
        services.AddSingleton<ObrasQr.Jobs.IJobQueue>(sp => sp.GetRequiredService<AzureJobs>());
        services.AddSingleton<ObrasQr.Staff.IStaffStore, AzureStaffStore>();
        services.AddSingleton<IProgressStore, AzureProgressStore>();
        services.AddSingleton<AzureWithdrawals>();
        services.AddSingleton<ObrasQr.Withdrawals.IWithdrawalStore>(sp => sp.GetRequiredService<AzureWithdrawals>());
        services.AddSingleton<ObrasQr.Pages.IPageStamps, AzurePageStamps>();
        services.AddSingleton<ObrasQr.Mail.IMailOutbox, AzureMailOutbox>();
        services.AddSingleton<IStorageHealth, AzureStorageHealth>();
        services.AddSingleton<Backup.TableBackup>();
        services.AddHostedService<AzureStoreStartup>();
        return services;
    }
}

/// <summary>On start, before the host's own start-up work (demo data, sync): the tables and container exist.</summary>
public sealed class AzureStoreStartup(AzureStore store) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => store.EnsureCreatedAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
