using System.Net;
using ObrasQr.Auth;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Staff;

/// <summary>Wrong passwords slow down whoever sends them; they never keep the owner out from their own connection.</summary>
public sealed class SignInThrottleTests
{
    const string Email = "ana@alcaldia.gov.co", Wrong = "no es la clave correcta";

    static DeskSession From(ObrasQrFactory factory, string peer)
    {
        var desk = new DeskSession(factory);
        desk.Client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        return desk;
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Five_wrong_passwords_from_one_address_leave_the_right_one_working_from_another(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store) { PeerFromHeader = true };
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var attacker = From(factory, "203.0.113.9");
        for (var i = 0; i < SignInGate.MaxFailures; i++) await attacker.SignInAsync(Email, Wrong);

        var fromAttacker = await attacker.SignInAsync(Email);
        var fromOwner = await From(factory, "198.51.100.7").SignInAsync(Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, fromAttacker.StatusCode);
        Assert.Contains("Demasiados intentos fallidos desde esta conexión", await fromAttacker.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, fromOwner.StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Twelve_concurrent_wrong_passwords_are_all_counted(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store) { PeerFromHeader = true };
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var forms = new List<(DeskSession Desk, string Csrf)>();
        for (var i = 0; i < 12; i++)
        {
            var desk = From(factory, "203.0.113.9");
            forms.Add((desk, DeskSession.Csrf(await desk.Client.GetStringAsync("/escritorio/entrar"))));
        }

        var answers = await Task.WhenAll(forms.Select(f => Task.Run(() => f.Desk.PostAsync("/escritorio/entrar",
            new() { ["email"] = Email, ["password"] = Wrong, ["csrf"] = f.Csrf }))));

        // Each try refused as a wrong password was counted; the ones that came after the fifth were shut out.
        var wrong = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(12, wrong + answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.True(wrong >= SignInGate.MaxFailures);
        Assert.Equal(wrong, (await factory.Service<IStaffStore>().FailuresAsync(SignInGate.AccountKey(Email)))!.Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From(factory, "203.0.113.9").SignInAsync(Email)).StatusCode);
    }

    [Fact]
    public async Task Addresses_of_one_ipv6_64_share_one_budget_and_another_64_has_its_own()
    {
        using var factory = new ObrasQrFactory { PeerFromHeader = true };
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        string[] oneSubscriber = ["2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff:1:2:3"];
        for (var i = 0; i < SignInGate.MaxFailures; i++) await From(factory, oneSubscriber[i % 3]).SignInAsync(Email, Wrong);

        var sameSubscriber = await From(factory, "2001:db8:7:1::99").SignInAsync(Email);
        var otherSubscriber = await From(factory, "2001:db8:7:2::1").SignInAsync(Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameSubscriber.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, otherSubscriber.StatusCode);
    }

    [Fact]
    public async Task Many_failures_of_an_account_from_many_addresses_slow_those_addresses_only()
    {
        using var factory = new ObrasQrFactory { PeerFromHeader = true, Clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)) };
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var attackers = Enumerable.Range(1, SignInGate.MaxFailures + 1).Select(i => From(factory, $"203.0.113.{i}")).ToList();
        foreach (var attacker in attackers) await attacker.SignInAsync(Email, Wrong);

        var again = await attackers[0].SignInAsync(Email, Wrong);
        var owner = await From(factory, "198.51.100.7").SignInAsync(Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Contains("espere", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, owner.StatusCode);
    }
}
