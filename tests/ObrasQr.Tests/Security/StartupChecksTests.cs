using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;

namespace ObrasQr.Tests.Security;

/// <summary>An API key whose configured digest is not a SHA-256 could never be accepted: the host refuses to start.</summary>
public sealed class StartupChecksTests
{
    static ValidateOptionsResult Check(params ApiKeyOptions[] keys)
    {
        var options = new ObrasQrOptions();
        options.Auth.Keys.AddRange(keys);
        return new StartupChecks(new ServiceCollection().BuildServiceProvider()).Validate(null, options);
    }

    static ApiKeyOptions Key(string name, string sha256) => new() { Name = name, Role = Roles.Auditor, Sha256 = sha256 };

    [Theory]
    [InlineData("")]
    [InlineData("REPLACE-with-printf-%s-KEY-piped-to-sha256sum")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]   // 63 characters
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]  // 64, one not hex
    [InlineData(" 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")] // spaces are not trimmed when keys are checked
    public void A_malformed_key_digest_fails_the_start_naming_the_key_in_Spanish(string digest)
    {
        var result = Check(Key("control-interno", ApiKeys.Digest("buena")), Key("oficina-mal", digest));

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("«oficina-mal»", failure);
        Assert.Contains("ObrasQr__Auth__Keys__1__Sha256", failure);
        Assert.Contains("64 caracteres hexadecimales", failure);
    }

    [Fact]
    public void A_key_without_a_name_is_named_by_its_position()
    {
        var failure = Assert.Single(Check(Key("", "abc")).Failures!);

        Assert.Contains("n.º 0", failure);
    }

    [Fact]
    public void Digests_in_either_case_are_accepted()
    {
        Assert.True(Check(Key("a", ApiKeys.Digest("uno")), Key("b", ApiKeys.Digest("dos").ToUpperInvariant())).Succeeded);
    }

    [Fact]
    public async Task The_server_does_not_start_with_a_malformed_key_digest()
    {
        var (exitCode, _, errors) = await ProductionStartTests.RunServerAsync("Testing",
            ("ObrasQr__Auth__Keys__1__Name", "oficina-contratacion"), ("ObrasQr__Auth__Keys__1__Role", Roles.Office),
            ("ObrasQr__Auth__Keys__1__Sha256", "no-es-un-resumen"));

        Assert.Equal(1, exitCode);
        Assert.Contains("«oficina-contratacion»", errors);
    }
}
