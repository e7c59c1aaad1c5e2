using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventCallbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EventCallbackDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    ResourceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventCallbackDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EventCallbackDeliveries_Events_EventSid",
                        column: x => x.EventSid,
                        principalTable: "Events",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventDate",
                table: "Events",
                column: "EventDate");

            migrationBuilder.CreateIndex(
                name: "IX_EventCallbackDeliveries_DueAt",
                table: "EventCallbackDeliveries",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_EventCallbackDeliveries_EventSid",
                table: "EventCallbackDeliveries",
                column: "EventSid");

            migrationBuilder.CreateIndex(
                name: "IX_EventCallbackDeliveries_ResourceSid_Id",
                table: "EventCallbackDeliveries",
                columns: new[] { "ResourceSid", "Id" });

            // Queues each new event for its workspace's EventCallbackUrl in the same statement that
            // records it (EventCallbackDeliveryModel explains the rule); the SQL is frozen here as
            // this migration ran it.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Events_QueueCallback" AFTER INSERT ON "Events"
                FOR EACH ROW
                WHEN EXISTS (
                    SELECT 1 FROM "Workspaces" AS w
                    WHERE w."Sid" = NEW."WorkspaceSid"
                      AND COALESCE(w."EventCallbackUrl", '') <> ''
                      AND (COALESCE(trim(w."EventsFilter"), '') = ''
                           OR instr(',' || replace(w."EventsFilter", ' ', '') || ',', ',' || NEW."EventType" || ',') > 0))
                BEGIN
                    INSERT INTO "EventCallbackDeliveries" ("EventSid", "WorkspaceSid", "ResourceSid", "Attempts", "DueAt")
                    VALUES (NEW."Sid", NEW."WorkspaceSid", NEW."ResourceSid", 0, NEW."EventDate");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Events_QueueCallback";""");

            migrationBuilder.DropTable(
                name: "EventCallbackDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_Events_EventDate",
                table: "Events");
        }
    }
}
