using Microsoft.Extensions.Options;
using ObrasQr.Accountability;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Reports;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Staff;
using ObrasQr.Sync;

namespace ObrasQr.Server.Storage;

public sealed class EmbeddedStorageHealth(SqliteDatabase db, IOptions<ObrasQrOptions> options) : IStorageHealth
{
    public Task<bool> IsReachableAsync(CancellationToken ct = default)
    {
        try
        {
            using var connection = db.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
            return Task.FromResult(Directory.Exists(options.Value.DataDirectory));
        }
        catch (Exception)
        {
            return Task.FromResult(false);
        }
    }
}

public static class EmbeddedStore
{
    /// <summary>SQLite for records and a folder for files, both under ObrasQr__DataDirectory.</summary>
    public static IServiceCollection AddEmbeddedStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqliteDatabase(Path.Combine(DataDirectory(sp), "obrasqr.db")));
        services.AddSingleton(sp => new FolderFileStore(Path.Combine(DataDirectory(sp), "files")));
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<FolderFileStore>());
        services.AddSingleton<IFileParts>(sp => sp.GetRequiredService<FolderFileStore>());
        services.AddSingleton<IContractStore, SqliteContractStore>();
        services.AddReportStore<SqliteReportStore>();
        services.AddSingleton<ObrasQr.Accountability.IReportFigureStore, SqliteReportFigureStore>();
        services.AddSingleton<IIdentityAccessLog, SqliteIdentityAccessLog>();
        services.AddSingleton<IExportStore, SqliteExportStore>();
        services.AddSingleton<ISyncStateStore, SqliteSyncStateStore>();
        services.AddSingleton<SqliteJobs>();
        services.AddSingleton<ObrasQr.Jobs.IJobStore>(sp => sp.GetRequiredService<SqliteJobs>());
        services.AddSingleton<ObrasQr.Jobs.IJobQueue>(sp => sp.GetRequiredService<SqliteJobs>());
        services.AddSingleton<IStaffStore, SqliteStaffStore>();
        services.AddSingleton<IProgressStore, SqliteProgressStore>();
        services.AddSingleton<ObrasQr.Withdrawals.IWithdrawalStore, SqliteWithdrawalStore>();
        services.AddSingleton<ObrasQr.Pages.IPageStamps, SqlitePageStamps>();
        services.AddSingleton<ObrasQr.Mail.IMailOutbox, SqliteMailOutbox>();
        services.AddSingleton<IStorageHealth, EmbeddedStorageHealth>();
        return services;
    }

    static string DataDirectory(IServiceProvider sp)
    {
        var directory = sp.GetRequiredService<IOptions<ObrasQrOptions>>().Value.DataDirectory;
        Directory.CreateDirectory(directory);
        return directory;
    }
}
