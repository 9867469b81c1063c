using System.Diagnostics;

namespace ObrasQr.Tests.Storage;

/// <summary>
/// The storage contract's tests (StoreContract.cs, linked from ObrasQr.Tests), skipped with a clear reason when
/// Azurite is not installed: on SQLite they always run, on Azure they need the emulator.
/// </summary>
public sealed class StoreFactAttribute : FactAttribute
{
    public StoreFactAttribute()
    {
        if (AzuriteInstall.Missing is { } reason) Skip = reason;
    }
}

/// <summary>Whether `npx azurite` can run without downloading anything (a local or global `npm install azurite`).</summary>
static class AzuriteInstall
{
    static readonly Lazy<string?> missing = new(Check);

    public static string? Missing => missing.Value;

    static string? Check()
    {
        const string hint = "Azurite is not installed: `npm install -g azurite` (or `npm install azurite` here) to run the Azure store tests.";
        try
        {
            using var process = Process.Start(new ProcessStartInfo("npx", "--no-install azurite --version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return hint;
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) { process.Kill(entireProcessTree: true); return hint; }
            return process.ExitCode == 0 ? null : hint;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "Node.js (npx) is not installed: install it and `npm install -g azurite` to run the Azure store tests.";
        }
    }
}
