using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Workspaces",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventCallbackUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    EventsFilter = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    MultiTaskEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PrioritizeQueueOrder = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DefaultActivitySid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    TimeoutActivitySid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workspaces", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "Activities",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Available = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Activities_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaskChannels",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    UniqueName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelOptimizedRouting = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskChannels", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_TaskChannels_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Workflows",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Configuration = table.Column<string>(type: "TEXT", maxLength: 1048576, nullable: false),
                    AssignmentCallbackUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    FallbackAssignmentCallbackUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    TaskReservationTimeout = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workflows", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Workflows_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaskQueues",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetWorkers = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    MaxReservedWorkers = table.Column<int>(type: "INTEGER", nullable: false),
                    TaskOrder = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ReservationActivitySid = table.Column<string>(type: "TEXT", nullable: true),
                    AssignmentActivitySid = table.Column<string>(type: "TEXT", nullable: true),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskQueues", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_TaskQueues_Activities_AssignmentActivitySid",
                        column: x => x.AssignmentActivitySid,
                        principalTable: "Activities",
                        principalColumn: "Sid");
                    table.ForeignKey(
                        name: "FK_TaskQueues_Activities_ReservationActivitySid",
                        column: x => x.ReservationActivitySid,
                        principalTable: "Activities",
                        principalColumn: "Sid");
                    table.ForeignKey(
                        name: "FK_TaskQueues_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Workers",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    ActivitySid = table.Column<string>(type: "TEXT", nullable: false),
                    DateStatusChanged = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workers", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Workers_Activities_ActivitySid",
                        column: x => x.ActivitySid,
                        principalTable: "Activities",
                        principalColumn: "Sid");
                    table.ForeignKey(
                        name: "FK_Workers_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tasks",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    AssignmentStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Timeout = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    WorkflowSid = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueSid = table.Column<string>(type: "TEXT", nullable: true),
                    TaskQueueEnteredDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TaskChannelSid = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tasks", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_Tasks_TaskChannels_TaskChannelSid",
                        column: x => x.TaskChannelSid,
                        principalTable: "TaskChannels",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Tasks_TaskQueues_TaskQueueSid",
                        column: x => x.TaskQueueSid,
                        principalTable: "TaskQueues",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Tasks_Workflows_WorkflowSid",
                        column: x => x.WorkflowSid,
                        principalTable: "Workflows",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Tasks_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkerChannels",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    WorkerSid = table.Column<string>(type: "TEXT", nullable: false),
                    TaskChannelSid = table.Column<string>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Available = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkspaceSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkerChannels", x => x.Sid);
                    table.ForeignKey(
                        name: "FK_WorkerChannels_TaskChannels_TaskChannelSid",
                        column: x => x.TaskChannelSid,
                        principalTable: "TaskChannels",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkerChannels_Workers_WorkerSid",
                        column: x => x.WorkerSid,
                        principalTable: "Workers",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkerChannels_Workspaces_WorkspaceSid",
                        column: x => x.WorkspaceSid,
                        principalTable: "Workspaces",
                        principalColumn: "Sid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_WorkspaceSid_DateCreated_Sid",
                table: "Activities",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_WorkspaceSid_FriendlyName",
                table: "Activities",
                columns: new[] { "WorkspaceSid", "FriendlyName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaskChannels_WorkspaceSid_DateCreated_Sid",
                table: "TaskChannels",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskChannels_WorkspaceSid_UniqueName",
                table: "TaskChannels",
                columns: new[] { "WorkspaceSid", "UniqueName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaskQueues_AssignmentActivitySid",
                table: "TaskQueues",
                column: "AssignmentActivitySid");

            migrationBuilder.CreateIndex(
                name: "IX_TaskQueues_ReservationActivitySid",
                table: "TaskQueues",
                column: "ReservationActivitySid");

            migrationBuilder.CreateIndex(
                name: "IX_TaskQueues_WorkspaceSid_DateCreated_Sid",
                table: "TaskQueues",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskQueues_WorkspaceSid_FriendlyName",
                table: "TaskQueues",
                columns: new[] { "WorkspaceSid", "FriendlyName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_TaskChannelSid",
                table: "Tasks",
                column: "TaskChannelSid");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_TaskQueueSid",
                table: "Tasks",
                column: "TaskQueueSid");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkflowSid",
                table: "Tasks",
                column: "WorkflowSid");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkspaceSid_AssignmentStatus",
                table: "Tasks",
                columns: new[] { "WorkspaceSid", "AssignmentStatus" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkspaceSid_DateCreated_Sid",
                table: "Tasks",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_WorkspaceSid_Priority",
                table: "Tasks",
                columns: new[] { "WorkspaceSid", "Priority" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkerChannels_TaskChannelSid",
                table: "WorkerChannels",
                column: "TaskChannelSid");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerChannels_WorkerSid_TaskChannelSid",
                table: "WorkerChannels",
                columns: new[] { "WorkerSid", "TaskChannelSid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkerChannels_WorkspaceSid_DateCreated_Sid",
                table: "WorkerChannels",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Workers_ActivitySid",
                table: "Workers",
                column: "ActivitySid");

            migrationBuilder.CreateIndex(
                name: "IX_Workers_WorkspaceSid_DateCreated_Sid",
                table: "Workers",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Workers_WorkspaceSid_FriendlyName",
                table: "Workers",
                columns: new[] { "WorkspaceSid", "FriendlyName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_WorkspaceSid_DateCreated_Sid",
                table: "Workflows",
                columns: new[] { "WorkspaceSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_AccountSid_DateCreated_Sid",
                table: "Workspaces",
                columns: new[] { "AccountSid", "DateCreated", "Sid" });

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_AccountSid_FriendlyName",
                table: "Workspaces",
                columns: new[] { "AccountSid", "FriendlyName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Tasks");

            migrationBuilder.DropTable(
                name: "WorkerChannels");

            migrationBuilder.DropTable(
                name: "TaskQueues");

            migrationBuilder.DropTable(
                name: "Workflows");

            migrationBuilder.DropTable(
                name: "TaskChannels");

            migrationBuilder.DropTable(
                name: "Workers");

            migrationBuilder.DropTable(
                name: "Activities");

            migrationBuilder.DropTable(
                name: "Workspaces");
        }
    }
}
