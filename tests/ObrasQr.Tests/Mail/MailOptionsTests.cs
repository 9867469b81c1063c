using ObrasQr.Mail;

namespace ObrasQr.Tests.Mail;

public sealed class MailOptionsTests
{
    [Fact]
    public void Without_a_host_mail_is_off_and_nothing_else_is_checked()
    {
        var options = new MailOptions { From = "", Security = "x" };

        Assert.False(options.IsConfigured);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void A_host_needs_a_sender_address_a_known_security_mode_and_a_real_port()
    {
        var problems = new MailOptions { Host = "smtp.azurecomm.net", From = "Control Interno", Security = "ssl", Port = 0 }.Problems().ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("ObrasQr__Mail__From"));
        Assert.Contains(problems, p => p.Contains("ObrasQr__Mail__Security"));
        Assert.Contains(problems, p => p.Contains("ObrasQr__Mail__Port"));
        Assert.Empty(new MailOptions { Host = "smtp.azurecomm.net", From = "Control Interno <avisos@cartagena.gov.co>", Security = "TLS", Port = 465 }.Problems());
    }

    [Fact]
    public void The_wait_after_a_failed_delivery_doubles_up_to_the_maximum()
    {
        var options = new MailOptions { RetryBaseDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromHours(1) };

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], new[] { 1, 2, 3, 4, 5, 6, 7, 200 }.Select(n => MailSender.BackOff(options, n).TotalMinutes));
    }
}
