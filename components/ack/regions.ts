/**
 * Alibaba Cloud regions where ACK managed clusters (profile Default) can be created, by region ID.
 * Checked before anything is created so a typo fails fast instead of after minutes of VPC work.
 * If ACK opens a region that is missing here, add it (and a zone example) in this list.
 */
export const ackRegions: Readonly<Record<string, string>> = {
    "cn-qingdao": "China (Qingdao)",
    "cn-beijing": "China (Beijing)",
    "cn-zhangjiakou": "China (Zhangjiakou)",
    "cn-huhehaote": "China (Hohhot)",
    "cn-wulanchabu": "China (Ulanqab)",
    "cn-hangzhou": "China (Hangzhou)",
    "cn-shanghai": "China (Shanghai)",
    "cn-nanjing": "China (Nanjing - Local Region)",
    "cn-fuzhou": "China (Fuzhou - Local Region)",
    "cn-wuhan-lr": "China (Wuhan - Local Region)",
    "cn-shenzhen": "China (Shenzhen)",
    "cn-heyuan": "China (Heyuan)",
    "cn-guangzhou": "China (Guangzhou)",
    "cn-chengdu": "China (Chengdu)",
    "cn-hongkong": "China (Hong Kong)",
    "ap-northeast-1": "Japan (Tokyo)",
    "ap-northeast-2": "South Korea (Seoul)",
    "ap-southeast-1": "Singapore",
    "ap-southeast-3": "Malaysia (Kuala Lumpur)",
    "ap-southeast-5": "Indonesia (Jakarta)",
    "ap-southeast-6": "Philippines (Manila)",
    "ap-southeast-7": "Thailand (Bangkok)",
    "us-east-1": "US (Virginia)",
    "us-west-1": "US (Silicon Valley)",
    "eu-central-1": "Germany (Frankfurt)",
    "eu-west-1": "UK (London)",
    "me-east-1": "UAE (Dubai)",
    "me-central-1": "Saudi Arabia (Riyadh)",
};

/** Zone IDs are the region ID plus a suffix: cn-hangzhou-i, ap-southeast-1a. */
export function zoneInRegion(zone: string, region: string): boolean {
    return zone.startsWith(region) && /^-?[a-z0-9]{1,3}$/.test(zone.slice(region.length)) && zone.length > region.length;
}
