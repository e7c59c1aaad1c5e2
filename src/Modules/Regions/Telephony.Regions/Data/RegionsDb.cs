using Microsoft.EntityFrameworkCore;

namespace Telephony.Regions.Data;

internal sealed class RegionsDb(DbContextOptions<RegionsDb> options) : DbContext(options)
{
    public DbSet<MediaResource> Resources => Set<MediaResource>();

    public DbSet<ResourcePlacement> Placements => Set<ResourcePlacement>();

    public DbSet<MediaLeg> Legs => Set<MediaLeg>();

    public DbSet<TunnelBranch> Branches => Set<TunnelBranch>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<Recording> Recordings => Set<Recording>();

    public DbSet<PendingRelease> PendingReleases => Set<PendingRelease>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var resource = modelBuilder.Entity<MediaResource>();
        resource.HasKey(r => r.Sid);
        resource.Property(r => r.Sid).HasMaxLength(34);
        resource.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        resource.Property(r => r.FriendlyName).HasMaxLength(RegionsRules.MaxFriendlyNameLength);
        resource.HasIndex(r => new { r.DateCreated, r.Sid });

        var placement = modelBuilder.Entity<ResourcePlacement>();
        placement.HasKey(p => p.Sid);
        placement.Property(p => p.Sid).HasMaxLength(34);
        placement.Property(p => p.ResourceSid).HasMaxLength(34);
        placement.Property(p => p.LegSid).HasMaxLength(34);
        placement.Property(p => p.LegRegion).HasMaxLength(RegionsRules.MaxRegionLength);
        placement.HasIndex(p => new { p.Active, p.ResourceSid });

        var leg = modelBuilder.Entity<MediaLeg>();
        leg.HasKey(l => l.Sid);
        leg.Property(l => l.Sid).HasMaxLength(34);
        leg.Property(l => l.SessionSid).HasMaxLength(34);
        leg.Property(l => l.AccountSid).HasMaxLength(34);
        leg.Property(l => l.SignalingRegion).HasMaxLength(RegionsRules.MaxRegionLength);
        leg.Property(l => l.Edge).HasMaxLength(RegionsRules.MaxRegionLength);
        leg.Property(l => l.StreamTokenHash).HasMaxLength(64);
        leg.Property(l => l.StreamUrl).HasMaxLength(2048);
        leg.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        leg.HasIndex(l => l.Status);

        var branch = modelBuilder.Entity<TunnelBranch>();
        branch.HasKey(b => b.RecordingSid);
        branch.Property(b => b.RecordingSid).HasMaxLength(34);
        branch.Property(b => b.LegSid).HasMaxLength(34);
        branch.Property(b => b.TargetRegion).HasMaxLength(RegionsRules.MaxRegionLength);
        branch.HasIndex(b => b.Completed);

        var session = modelBuilder.Entity<Session>();
        session.HasKey(s => s.Sid);
        session.Property(s => s.Sid).HasMaxLength(34);
        session.Property(s => s.AccountSid).HasMaxLength(34);
        session.Property(s => s.LegSid).HasMaxLength(34);
        session.Property(s => s.MediaRegion).HasMaxLength(RegionsRules.MaxRegionLength);
        session.Property(s => s.Edge).HasMaxLength(RegionsRules.MaxRegionLength);
        session.Property(s => s.StreamUrl).HasMaxLength(2048);
        session.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        session.HasIndex(s => new { s.AccountSid, s.DateCreated, s.Sid });

        var recording = modelBuilder.Entity<Recording>();
        recording.HasKey(r => r.Sid);
        recording.Property(r => r.Sid).HasMaxLength(34);
        recording.Property(r => r.AccountSid).HasMaxLength(34);
        recording.Property(r => r.SessionSid).HasMaxLength(34);
        recording.Property(r => r.SourceRegion).HasMaxLength(RegionsRules.MaxRegionLength);
        recording.HasIndex(r => new { r.AccountSid, r.DateCreated, r.Sid });
        recording.HasIndex(r => r.SessionSid);

        var release = modelBuilder.Entity<PendingRelease>();
        release.HasKey(r => r.PlacementSid);
        release.Property(r => r.PlacementSid).HasMaxLength(34);
        release.Property(r => r.Region).HasMaxLength(RegionsRules.MaxRegionLength);
        release.Property(r => r.LegSid).HasMaxLength(34);
        release.Property(r => r.LastError).HasMaxLength(512);
        release.HasIndex(r => r.NextAttempt);
    }
}
