using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ObrasQr;

/// <summary>
/// Settings without which a server would be unsafe or silently wrong: checked when the host starts (both hosts), so a
/// bad one stops the deployment instead of showing up later as a QR pointing at whatever Host a client sent, or as a
/// key that is refused without anyone knowing why.
/// </summary>
public sealed class StartupChecks(IServiceProvider services) : IValidateOptions<ObrasQrOptions>
{
    public ValidateOptionsResult Validate(string? name, ObrasQrOptions options)
    {
        var failures = new List<string>();
        var url = options.PublicBaseUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query == "" && uri.Fragment == ""))
            failures.Add("ObrasQr__PublicBaseUrl debe ser una URL http(s) absoluta, sin consulta, p. ej. https://obras.cartagena.gov.co.");
        for (var i = 0; i < options.Auth.Keys.Count; i++)
            if (!IsSha256Hex(options.Auth.Keys[i].Sha256))
                failures.Add(MalformedDigest(options.Auth.Keys[i].Name, i));
        failures.AddRange(options.Mail.Problems());
        if (IsProduction)
        {
            if (string.IsNullOrEmpty(url))
                failures.Add("ObrasQr__PublicBaseUrl es obligatoria en producción: los QR y las vallas la llevan, nunca el Host de la petición.");
            if (options.Reports.IdentityKeys.Count == 0)
                failures.Add("ObrasQr__Reports__IdentityKeys__0__Id y __Key (32 bytes en base64) son obligatorias en producción: con ellas se cifra la identidad de quien reporta.");
            failures.AddRange(MissingPublisher(options.Trust));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Who publishes the site and answers for the reporters' data (Ley 1581): every footer, the privacy notice
    /// and the open data's publisher name them, so a deployment must say who it is rather than inherit anyone's.</summary>
    static IEnumerable<string> MissingPublisher(TrustOptions trust)
    {
        if (string.IsNullOrWhiteSpace(trust.EntityName))
            yield return "ObrasQr__Trust__EntityName es obligatoria en producción: el nombre de la entidad que publica el sitio y responde por los datos de quien reporta.";
        if (string.IsNullOrWhiteSpace(trust.EntityNit))
            yield return "ObrasQr__Trust__EntityNit es obligatoria en producción: el NIT de esa entidad, p. ej. 890480184-4.";
        if (string.IsNullOrWhiteSpace(trust.OfficeName))
            yield return "ObrasQr__Trust__OfficeName es obligatoria en producción: la oficina que recibe y responde los reportes.";
        if (string.IsNullOrWhiteSpace(trust.Email))
            yield return "ObrasQr__Trust__Email es obligatoria en producción: el correo donde la ciudadanía ejerce sus derechos sobre sus datos.";
        else if (!IsEmailAddress(trust.Email.Trim()))
            yield return $"ObrasQr__Trust__Email no es una dirección de correo («{trust.Email.Trim()}»): debe ser como atencion@entidad.gov.co.";
    }

    static bool IsEmailAddress(string email) =>
        email.IndexOf('@') is var at && at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0 && !email.Any(char.IsWhiteSpace);

    /// <summary>Reads the options once, before the host starts, and writes each refusal as one Spanish line: an operator
    /// reads what to set, not an OptionsValidationException and its stack. True when the host must not start.</summary>
    public static bool Refuses(IServiceProvider services, TextWriter error)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<ObrasQrOptions>>().Value;
            return false;
        }
        catch (OptionsValidationException refused)
        {
            foreach (var failure in refused.Failures) error.WriteLine(failure);
            return true;
        }
    }

    // The digest is compared as 32 bytes: any other text could never match a key, and the key would be refused unseen.
    static bool IsSha256Hex(string? digest) => digest is { Length: 64 } && digest.All(char.IsAsciiHexDigit);

    static string MalformedDigest(string? keyName, int index)
    {
        var setting = $"ObrasQr__Auth__Keys__{index.ToString(CultureInfo.InvariantCulture)}__Sha256";
        var key = string.IsNullOrWhiteSpace(keyName) ? $"La clave de API n.º {index.ToString(CultureInfo.InvariantCulture)} (sin nombre)" : $"La clave de API «{keyName}»";
        return $"{key} tiene en {setting} un resumen que no es SHA-256: deben ser 64 caracteres hexadecimales " +
            "(printf %s \"$clave\" | sha256sum). Tal como está, esa clave nunca sería aceptada.";
    }

    // A host without an environment (a bare service collection in tests) is not Production.
    bool IsProduction => (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsProduction() == true;
}
