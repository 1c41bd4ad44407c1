export interface DisastersRepo {
  create(d: { companyId: string; title: string; summary: string; source: string }): Promise<{ id: string }>;
}
