using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Staff;

/// <summary>A browser at the desk: keeps cookies, does not follow redirects, fills the sign-in form as a person would.</summary>
public sealed partial class DeskSession(ObrasQrFactory factory, string baseAddress = "http://localhost")
{
    public HttpClient Client { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions
        { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    public static async Task<StaffMember> AccountAsync(ObrasQrFactory factory, string email, string role, string? entity = null,
        string password = Password, string name = "Ana Pérez")
    {
        var (member, problem) = await factory.Service<StaffAccounts>().CreateAsync(new(name, email, role, entity), password, "prueba");
        return member ?? throw new InvalidOperationException(problem?.Reason);
    }

    public const string Password = "una clave larga y buena";

    /// <summary>Opens the form and posts it; the answer to the post.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password = Password, string? back = null)
    {
        var form = await Client.GetStringAsync("/escritorio/entrar" + (back is null ? "" : "?volver=" + Uri.EscapeDataString(back)));
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["csrf"] = Csrf(form) };
        if (Field(form, "volver") is { } volver) fields["volver"] = WebUtility.HtmlDecode(volver);
        return await Client.PostAsync("/escritorio/entrar", new FormUrlEncodedContent(fields));
    }

    /// <summary>Sends the second factor's code on the form that <paramref name="passwordAnswer"/> (a right password) shows.</summary>
    public async Task<HttpResponseMessage> CodeAsync(HttpResponseMessage passwordAnswer, string code)
    {
        var form = await passwordAnswer.Content.ReadAsStringAsync();
        return await Client.PostAsync("/escritorio/entrar/codigo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code, ["csrf"] = Csrf(form), ["ticket"] = WebUtility.HtmlDecode(Field(form, "ticket")) ?? throw new InvalidOperationException("No code form"),
        }));
    }

    /// <summary>The session's anti-forgery token, read from a desk page's sign-out form.</summary>
    public async Task<string> DeskCsrfAsync(string page = "/escritorio/personal") => Csrf(await Client.GetStringAsync(page));

    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields) =>
        await Client.PostAsync(path, new FormUrlEncodedContent(fields));

    public static string Csrf(string html) => Field(html, "csrf") ?? throw new InvalidOperationException("No csrf field");

    static string? Field(string html, string name) =>
        Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;
}
