using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.Regions.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Branches",
                columns: table => new
                {
                    RecordingSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    LegSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    TargetRegion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AckedThroughFrame = table.Column<long>(type: "INTEGER", nullable: false),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Branches", x => x.RecordingSid);
                });

            migrationBuilder.CreateTable(
                name: "Legs",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    SessionSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    SignalingRegion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Edge = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StreamTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StreamUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Legs", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "Placements",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    ResourceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    LegSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    LegRegion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateReleased = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Placements", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "Recordings",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    SessionSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    SourceRegion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: true),
                    Backlog = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAppend = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Recordings", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "Resources",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    BuiltIn = table.Column<bool>(type: "INTEGER", nullable: false),
                    Draining = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportedLoad = table.Column<int>(type: "INTEGER", nullable: false),
                    LastHeartbeat = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Resources", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    MediaRegion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Edge = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LegSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    StreamUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LegJson = table.Column<string>(type: "TEXT", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Sid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Branches_Completed",
                table: "Branches",
                column: "Completed");

            migrationBuilder.CreateIndex(
                name: "IX_Legs_Status",
                table: "Legs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Placements_Active_ResourceSid",
                table: "Placements",
                columns: new[] { "Active", "ResourceSid" });

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_AccountSid_DateCreated_Sid",
                table: "Recordings",
                columns: new[] { "AccountSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_SessionSid",
                table: "Recordings",
                column: "SessionSid");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_DateCreated_Sid",
                table: "Resources",
                columns: new[] { "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_AccountSid_DateCreated_Sid",
                table: "Sessions",
                columns: new[] { "AccountSid", "DateCreated", "Sid" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Branches");

            migrationBuilder.DropTable(
                name: "Legs");

            migrationBuilder.DropTable(
                name: "Placements");

            migrationBuilder.DropTable(
                name: "Recordings");

            migrationBuilder.DropTable(
                name: "Resources");

            migrationBuilder.DropTable(
                name: "Sessions");
        }
    }
}
