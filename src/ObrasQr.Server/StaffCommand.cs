using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ObrasQr.AzureStorage;
using ObrasQr.Staff;

namespace ObrasQr.Server;

/// <summary>
/// `ObrasQr.Server staff add --email ana@alcaldia.gov.co --name "Ana Pérez" --role admin [--entity 890480184]`: makes
/// a staff account (the first admin, before anyone can sign in) in the store the server would use (ObrasQr__Store,
/// ObrasQr__DataDirectory or the Azure settings), without starting the web server. The password comes from standard
/// input: typed without echo at a terminal, or the first line of a pipe for scripts. Exit codes: 0 made, 1 refused
/// (a reason in Spanish), 2 wrong usage.
/// </summary>
public static class StaffCommand
{
    public const int Done = 0, Refused = 1, Usage = 2;

    const string Help = """
        Uso: staff add --email <correo> --name "<nombre>" --role office|auditor|admin [--entity <NIT>]
          La contraseña (al menos 12 caracteres) se lee de la entrada estándar: escrita sin eco en una terminal,
          o la primera línea de una tubería:  echo 'contraseña' | dotnet ObrasQr.Server.dll staff add ...
          Sin --entity, la cuenta ve todas las entidades (una gobernación, por ejemplo).
        """;

    public static bool Wants(string[] args) => args.Length > 0 && args[0] == "staff";

    /// <summary>The command as Program runs it: the host's configuration and store, the process's console.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["staff", "add", .. var rest] || Options(rest) is null)
        {
            await Console.Error.WriteLineAsync(Help);
            return Usage;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        Program.AddStore(builder);
        builder.Services.AddObrasQr(builder.Configuration);
        // The web server's start-up checks (public URL, identity keys) are not this command's business: it needs
        // only the store's settings, and must work before the rest is configured.
        builder.Services.RemoveAll<IValidateOptions<ObrasQrOptions>>();
        await using var services = builder.Services.BuildServiceProvider();
        StaffAccounts accounts;
        try
        {
            if (services.GetService<AzureStore>() is { } azure) await azure.EnsureCreatedAsync();
            accounts = services.GetRequiredService<StaffAccounts>();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"No se pudo abrir el almacenamiento configurado (ObrasQr__Store, ObrasQr__DataDirectory o ObrasQr__Storage__*): {e.Message}");
            return Refused;
        }
        var password = Console.IsInputRedirected ? Console.In : new HiddenInput();
        return await RunAsync(args, accounts, password, Console.Out, Console.Error);
    }

    /// <summary>The command itself, for tests: its arguments, where accounts go, and the three streams.</summary>
    public static async Task<int> RunAsync(string[] args, StaffAccounts accounts, TextReader input, TextWriter output, TextWriter error)
    {
        if (args is not ["staff", "add", .. var rest] || Options(rest) is not { } options)
        {
            await error.WriteLineAsync(Help);
            return Usage;
        }
        var draft = new StaffAccounts.Draft(options.GetValueOrDefault("name"), options.GetValueOrDefault("email"),
            options.GetValueOrDefault("role"), options.GetValueOrDefault("entity"));
        if (StaffAccounts.Check(draft) is { } wrong)
        {
            await error.WriteLineAsync($"No se creó la cuenta: {wrong.Reason}");
            return Refused;
        }
        if (input is HiddenInput) await error.WriteAsync("Contraseña (no se muestra al escribirla): ");
        var password = await input.ReadLineAsync() ?? "";
        if (input is HiddenInput) await error.WriteLineAsync();
        var (member, problem) = await accounts.CreateAsync(draft, password, "línea de comandos");
        if (member is null)
        {
            await error.WriteLineAsync($"No se creó la cuenta: {problem?.Reason}");
            return Refused;
        }
        await output.WriteLineAsync($"Cuenta creada: {member.Email}, rol {StaffAccounts.RoleName(member.Role)}, {StaffAccounts.ScopeName(member.EntityNit)}. Entre en /escritorio/entrar.");
        return Done;
    }

    /// <summary>--name value pairs; null when one is unknown, repeated or has no value.</summary>
    static Dictionary<string, string>? Options(string[] rest)
    {
        string[] known = ["email", "name", "role", "entity"];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < rest.Length; i += 2)
        {
            if (!rest[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(rest[i][2..]) || i + 1 >= rest.Length
                || !options.TryAdd(rest[i][2..], rest[i + 1])) return null;
        }
        return options;
    }

    /// <summary>A line typed at the terminal without echo: a password must not stay on the screen or in scrollback.</summary>
    sealed class HiddenInput : TextReader
    {
        public override string? ReadLine()
        {
            var line = new System.Text.StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter) return line.ToString();
                if (key.Key == ConsoleKey.Backspace) { if (line.Length > 0) line.Length--; }
                else if (!char.IsControl(key.KeyChar)) line.Append(key.KeyChar);
            }
        }

        public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());
    }
}
