using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Mail;

/// <summary>
/// A real SMTP server for the mail tests: MailDev, from the project's own npm install (package.json, `npm ci`), one per
/// test on free ports, mail kept in memory. Its REST API (GET /api/email) shows what arrived. It can be stopped and
/// started again on the same ports, to play an SMTP outage.
/// </summary>
public sealed class MailDev : IDisposable
{
    public const string From = "Avisos ObrasQr <avisos@cartagena.gov.co>";
    readonly int smtpPort = Azurite.FreePort(), webPort = Azurite.FreePort();
    readonly HttpClient api = new();
    Process? process;

    public MailDev() => Start();

    /// <summary>The settings that send the factory's mail here (the server's own loop kept out of the way: the test
    /// runs the sender itself).</summary>
    public ObrasQrFactory Configure(ObrasQrFactory factory)
    {
        factory.Settings["ObrasQr:Mail:Host"] = "127.0.0.1";
        factory.Settings["ObrasQr:Mail:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings["ObrasQr:Mail:Security"] = "none";
        factory.Settings["ObrasQr:Mail:From"] = From;
        factory.Settings["ObrasQr:Mail:PollInterval"] = "1.00:00:00";
        return factory;
    }

    public void Start()
    {
        var root = Azurite.RepositoryRoot();
        var maildev = Path.Combine(root, "node_modules", ".bin", "maildev");
        Azurite.EnsureNodeTools(root);
        if (!File.Exists(maildev))
            throw new InvalidOperationException($"MailDev is not installed at {maildev}: run `npm ci` in {root} (Node.js and npm are needed).");
        process = Process.Start(new ProcessStartInfo(maildev, $"--smtp {smtpPort} --ip 127.0.0.1 --web {webPort} --web-ip 127.0.0.1 --silent")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        }) ?? throw new InvalidOperationException($"MailDev did not start: {maildev}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(Azurite.Listening(smtpPort) && Azurite.Listening(webPort)))
        {
            if (process.HasExited) throw new InvalidOperationException($"MailDev exited with code {process.ExitCode}.");
            if (DateTime.UtcNow > deadline) { Stop(); throw new InvalidOperationException("MailDev did not open its ports within 60 s."); }
            Thread.Sleep(100);
        }
    }

    public void Stop()
    {
        if (process is null) return;
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        process.WaitForExit();
        process.Dispose();
        process = null;
        while (Azurite.Listening(smtpPort)) Thread.Sleep(50);
    }

    /// <summary>Every mail that arrived, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> ReceivedAsync()
    {
        var mails = await api.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{webPort}/api/email");
        return [.. mails.EnumerateArray().Select(m => new ReceivedMail(
            m.GetProperty("subject").GetString() ?? "",
            m.GetProperty("text").GetString() ?? "",
            [.. m.GetProperty("envelope").GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()!)],
            m.GetProperty("headers").TryGetProperty("message-id", out var id) ? id.GetString() ?? "" : ""))];
    }

    public async Task<IReadOnlyList<ReceivedMail>> ReceivedByAsync(string address) =>
        [.. (await ReceivedAsync()).Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public void Dispose()
    {
        Stop();
        api.Dispose();
    }
}

public sealed record ReceivedMail(string Subject, string Text, IReadOnlyList<string> To, string MessageId);
