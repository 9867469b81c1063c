using System.Security.Cryptography;
using ObrasQr.Auth;

namespace ObrasQr.Server;

/// <summary>
/// A developer who runs the demo with no keys configured still gets to try the office and auditor APIs: one random
/// key per role for this run only, printed at start and never written anywhere. Only in Development.
/// </summary>
public static class DevelopmentKeys
{
    public static IReadOnlyDictionary<string, string> AddIfNoneConfigured(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || builder.Configuration.GetSection("ObrasQr:Auth:Keys").GetChildren().Any())
            return new Dictionary<string, string>();

        var keys = new Dictionary<string, string>
        {
            [Roles.Office] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'),
            [Roles.Auditor] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'),
        };
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var (role, key) in keys)
        {
            settings[$"ObrasQr:Auth:Keys:{i}:Name"] = $"dev-{role}";
            settings[$"ObrasQr:Auth:Keys:{i}:Role"] = role;
            settings[$"ObrasQr:Auth:Keys:{i}:Sha256"] = ApiKeys.Digest(key);
            i++;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        return keys;
    }
}
